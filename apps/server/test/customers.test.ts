/** Customer details as transcript events, linking a visitor to a customer, the log, and who may see a customer (over HTTP and sockets, on a real server). */
import { eventLine } from '@parley/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Site } from '../src/ports/store.ts';
import { agentSocket, helloVisitor, signIn, startTestServer, type TestServer, type TestSocket } from './harness.ts';

let server: TestServer;
let site: Site;
let cookie: string;
let agent: TestSocket;

beforeEach(async () => {
  server = await startTestServer();
  await server.core.teams.add({ name: 'desk', mode: 'collaboration' });
  site = await server.core.sites.update((await server.core.sites.create({ name: 'Shop', origins: ['https://shop.example'] })).key, { settings: { newConversations: 0 } });
  await server.core.agents.add({ email: 'anna@shop.example', name: 'Anna', role: 'agent', teams: [], password: 'password1' });
  cookie = await signIn(server, 'anna@shop.example', 'password1');
  agent = await agentSocket(server, cookie);
  await agent.next((f) => f.t === 'conversations');
});
afterEach(async () => {
  agent.close();
  await server.destroy();
});

const api = async (path: string, init: { method?: string; body?: unknown; as?: string } = {}) => {
  const res = await fetch(`${server.url}${path}`, {
    method: init.method ?? 'GET',
    headers: { cookie: init.as ?? cookie, origin: server.url, ...(init.body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  return { status: res.status, body: (await res.json().catch(() => null)) as any };
};

/** A visitor who wrote `text`, with its conversation. */
async function chattingVisitor(text: string, on: Site = site) {
  const tab = await helloVisitor(server, on);
  tab.socket.send({ t: 'send', clientId: 'v1', text });
  const { conversationId } = await tab.socket.next((f) => f.t === 'ack');
  return { ...tab, visitorId: tab.welcome.visitorId as string, conversationId: conversationId as string };
}

const linesOf = (messages: any[]) => messages.filter((m) => m.event === 'details' || m.event === 'linked').map((m) => eventLine(m.event, m.authorName, m.subjectName, m.params));

describe('customer details', () => {
  it('records each change an agent makes as a transcript event with its value', async () => {
    const visitor = await chattingVisitor('Hello');
    agent.send({ t: 'visitor', visitorId: visitor.visitorId, name: 'Kim', email: 'kim@example.com' });
    await agent.next((f) => f.t === 'visitor' && f.item.email === 'kim@example.com');
    agent.send({ t: 'visitor', visitorId: visitor.visitorId, name: 'Kim', email: '' });
    await agent.next((f) => f.t === 'message' && f.message.event === 'details' && f.message.params.value === null);
    const { body } = await api(`/api/conversations/${visitor.conversationId}/messages`);
    expect(linesOf(body.messages)).toEqual(['Anna changed the name to Kim', 'Anna changed the email to kim@example.com', 'Anna cleared the email']);
    expect(body.messages.find((m: any) => m.event === 'details')).toMatchObject({ author: 'system', params: { field: 'name', value: 'Kim' } });
    // The visitor is not told of the transcript's bookkeeping.
    expect(visitor.socket.frames.some((f) => f.t === 'message' && f.message.event === 'details')).toBe(false);
    visitor.socket.close();
  });

  it('fills the details from the offline form and identify, recording what the visitor gave', async () => {
    // The offline form of a first contact sends the message, then the email (packages/widget/src/send.ts).
    const visitor = await chattingVisitor('Please write back');
    visitor.socket.send({ t: 'identify', email: 'lee@example.com' });
    await agent.next((f) => f.t === 'message' && f.message.event === 'details');
    visitor.socket.send({ t: 'identify', name: 'Lee', phone: '+46 70 1' });
    visitor.socket.send({ t: 'send', clientId: 'v2', text: 'Thanks' });
    await visitor.socket.next((f) => f.t === 'ack' && f.clientId === 'v2');
    expect(await server.store.visitors.byId(visitor.visitorId)).toMatchObject({ name: 'Lee', email: 'lee@example.com', phone: '+46 70 1' });
    const { body } = await api(`/api/conversations/${visitor.conversationId}/messages`);
    expect(linesOf(body.messages)).toEqual(['The visitor gave their email lee@example.com', 'The visitor gave their name Lee', 'The visitor gave their phone number +46 70 1']);
    // The same details again change nothing, and record nothing.
    visitor.socket.send({ t: 'identify', email: 'lee@example.com' });
    visitor.socket.send({ t: 'send', clientId: 'v3', text: 'again' });
    await visitor.socket.next((f) => f.t === 'ack' && f.clientId === 'v3');
    expect(linesOf((await api(`/api/conversations/${visitor.conversationId}/messages`)).body.messages)).toHaveLength(3);
    visitor.socket.close();
  });

  it('edits the details from the customer page, as the same events', async () => {
    const visitor = await chattingVisitor('Hello');
    const { status, body } = await api(`/api/customers/${visitor.visitorId}`, { method: 'PATCH', body: { phone: '555 123' } });
    expect(status).toBe(200);
    expect(body.customer.visitors[0]).toMatchObject({ id: visitor.visitorId, phone: '555 123' });
    expect(linesOf((await api(`/api/conversations/${visitor.conversationId}/messages`)).body.messages)).toEqual(['Anna changed the phone number to 555 123']);
    visitor.socket.close();
  });
});

describe('link contact', () => {
  it('merges a visitor into a customer: both histories on the customer, every message kept, both devices still theirs', async () => {
    const phone = await chattingVisitor('From my phone');
    const laptop = await chattingVisitor('From my laptop');
    for (const tab of [phone, laptop]) tab.socket.send({ t: 'send', clientId: 'v2', text: 'Second message' });
    await phone.socket.next((f) => f.t === 'ack' && f.clientId === 'v2');
    await laptop.socket.next((f) => f.t === 'ack' && f.clientId === 'v2');
    await api(`/api/customers/${phone.visitorId}`, { method: 'PATCH', body: { name: 'Kim', email: 'kim@example.com' } });
    const before = await Promise.all([phone, laptop].map(async (tab) => (await api(`/api/conversations/${tab.conversationId}/messages`)).body.messages as any[]));

    const linked = await api(`/api/customers/${phone.visitorId}/link`, { method: 'POST', body: { visitorId: laptop.visitorId } });
    expect(linked.status).toBe(200);
    const customer = linked.body.customer;
    expect(customer.id).toBe(phone.visitorId);
    expect(customer.visitors.map((v: any) => v.id)).toEqual([phone.visitorId, laptop.visitorId]);
    expect(customer.visitors[1].customerId).toBe(phone.visitorId);
    expect(customer.conversations.map((c: any) => c.id).sort()).toEqual([phone.conversationId, laptop.conversationId].sort());

    // Every message of both conversations is reachable from the customer, and each gained only the link's event.
    for (const [i, conversation] of [phone, laptop].entries()) {
      const after = (await api(`/api/conversations/${conversation.conversationId}/messages`)).body.messages as any[];
      expect(after.slice(0, -1)).toEqual(before[i]);
      expect(after).toHaveLength(before[i]!.length + 1);
      expect(customer.conversations.find((c: any) => c.id === conversation.conversationId).lastSeq).toBe(after.length);
      expect(linesOf(after).at(-1)).toMatch(/^Anna linked Visitor .{4} to the customer Kim$/);
    }
    // The linked visitor's id leads to the same customer; both devices' tokens still open their own conversation.
    expect((await api(`/api/customers/${laptop.visitorId}`)).body.customer.id).toBe(phone.visitorId);
    for (const tab of [phone, laptop]) {
      tab.socket.close();
      const back = await helloVisitor(server, site, { token: tab.welcome.token });
      expect(back.welcome).toMatchObject({ visitorId: tab.visitorId, conversationId: tab.conversationId });
      // What the linked device writes later is the customer's too.
      back.socket.send({ t: 'send', clientId: 'later', text: 'One more thing' });
      await back.socket.next((f) => f.t === 'ack' && f.clientId === 'later');
      back.socket.close();
    }
    const later = (await api(`/api/customers/${phone.visitorId}`)).body.customer.conversations;
    expect(later.map((c: any) => c.lastSeq)).toEqual(customer.conversations.map((c: any) => c.lastSeq + 1));
    // The search finds the customer by the linked visitor's words too, once.
    await api(`/api/customers/${laptop.visitorId}`, { method: 'PATCH', body: { phone: '999 000' } });
    expect((await api('/api/customers?q=999')).body.customers.map((c: any) => [c.id, c.linked])).toEqual([[phone.visitorId, 1]]);
  });

  it('refuses linking into itself, across sites, in a cycle, and twice', async () => {
    const other = await server.core.sites.update((await server.core.sites.create({ name: 'Other', origins: ['https://other.example'] })).key, { settings: { newConversations: 0 } });
    const a = await chattingVisitor('a');
    const b = await chattingVisitor('b');
    const foreign = await chattingVisitor('c', other);
    const link = (customer: string, visitorId: string) => api(`/api/customers/${customer}/link`, { method: 'POST', body: { visitorId } });
    expect((await link(a.visitorId, a.visitorId)).status).toBe(403);
    expect((await link(a.visitorId, foreign.visitorId)).status).toBe(403);
    expect((await link(a.visitorId, b.visitorId)).status).toBe(200);
    // b is a's now: a into b (or into b's id, which leads to a) would be a cycle.
    expect((await link(b.visitorId, a.visitorId)).body.error.message).toMatch(/themselves|other way round/);
    expect((await link(b.visitorId, a.visitorId)).status).toBe(403);
    expect((await link(a.visitorId, b.visitorId)).status).toBe(409);
    expect((await server.store.visitors.byId(a.visitorId))?.customerId).toBeNull();
    for (const tab of [a, b, foreign]) tab.socket.close();
  });
});

describe('communications log and rights', () => {
  it('adds log entries shown newest first, and moves them with a link', async () => {
    const a = await chattingVisitor('a');
    const b = await chattingVisitor('b');
    const added = await api(`/api/customers/${b.visitorId}/log`, { method: 'POST', body: { kind: 'call', minutes: 5, text: 'asked about delivery' } });
    expect(added.status).toBe(201);
    expect(added.body.entry).toMatchObject({ kind: 'call', minutes: 5, text: 'asked about delivery', agentName: 'Anna' });
    await api(`/api/customers/${b.visitorId}/log`, { method: 'POST', body: { kind: 'note', text: 'prefers email' } });
    expect((await api(`/api/customers/${b.visitorId}/log`, { method: 'POST', body: { kind: 'fax', text: 'x' } })).status).toBe(400);
    expect((await api(`/api/customers/${b.visitorId}/log`, { method: 'POST', body: { kind: 'note', text: '  ' } })).status).toBe(400);
    await api(`/api/customers/${a.visitorId}/link`, { method: 'POST', body: { visitorId: b.visitorId } });
    expect((await api(`/api/customers/${a.visitorId}`)).body.customer.log.map((e: any) => e.text)).toEqual(['prefers email', 'asked about delivery']);
    for (const tab of [a, b]) tab.socket.close();
  });

  it('hides the customers of a site the agent may not see, in the search and by id', async () => {
    const desk = await server.core.sites.update((await server.core.sites.create({ name: 'Desk', origins: ['https://desk.example'] })).key, { settings: { team: 'desk', newConversations: 0 } });
    await server.core.agents.add({ email: 'ben@shop.example', name: 'Ben', role: 'agent', teams: ['desk'], password: 'password1' });
    const ben = await signIn(server, 'ben@shop.example', 'password1');
    const hidden = await chattingVisitor('hidden', desk);
    const open = await chattingVisitor('open');
    await api(`/api/customers/${hidden.visitorId}`, { method: 'PATCH', body: { name: 'Desk customer' }, as: ben });
    expect((await api(`/api/customers/${hidden.visitorId}`)).status).toBe(404);
    expect((await api(`/api/customers/${hidden.visitorId}/log`, { method: 'POST', body: { kind: 'note', text: 'x' } })).status).toBe(404);
    expect((await api(`/api/customers/${hidden.visitorId}`, { method: 'PATCH', body: { name: 'Mine' } })).status).toBe(404);
    expect((await api(`/api/customers/${open.visitorId}/link`, { method: 'POST', body: { visitorId: hidden.visitorId } })).status).toBe(404);
    expect((await api('/api/customers')).body.customers.map((c: any) => c.id)).toEqual([open.visitorId]);
    expect((await api('/api/customers?q=desk')).body.customers).toEqual([]);
    expect((await api('/api/customers?q=desk', { as: ben })).body.customers.map((c: any) => c.id)).toEqual([hidden.visitorId]);
    expect((await fetch(`${server.url}/api/customers`)).status).toBe(401);
    for (const tab of [hidden, open]) tab.socket.close();
  });
});
