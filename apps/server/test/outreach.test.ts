/**
 * Writing to a customer first, and context records, on a real server with time moved by hand: a
 * scheduled message goes at its time, once; a cancelled one never; a customer not online is mailed
 * at once (real SMTP); who may do what. Context records from the page over a real socket.
 */
import { createHmac } from 'node:crypto';
import { CONTEXT_WRITES_PER_MINUTE, MAX_CONTEXT_RECORDS } from '@parley/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createManualClock, type ManualClock } from '../src/adapters/memory/clock.ts';
import { hashPassword } from '../src/core/auth/password.ts';
import { unsubscribeToken } from '../src/core/mail/unsubscribe.ts';
import { OUTREACH_JOB } from '../src/core/outreach.ts';
import type { Site } from '../src/ports/store.ts';
import { agentSocket, helloVisitor, postJson, signIn, startTestServer, type TestServer, type TestSocket } from './harness.ts';
import { FAST_MAIL, leftVisitor, type SmtpSink, sleep, startSmtpSink, until } from './mail-harness.ts';

const MINUTE = 60_000;

let clock: ManualClock;
let sink: SmtpSink;
let server: TestServer;
let site: Site;
let ann: string;
let agent: TestSocket;

beforeEach(async () => {
  clock = createManualClock(Date.now());
  sink = await startSmtpSink();
  server = await startTestServer(undefined, { SMTP_URL: `smtp://127.0.0.1:${sink.port}` }, FAST_MAIL, { clock });
  const created = await server.store.sites.create({ name: 'Shop', origins: ['https://shop.example'] });
  // An hour's emailDelay: an email that comes within seconds came because it was sent promptly.
  site = await server.core.sites.update(created.key, { settings: { emailDelay: 3600 } });
  await server.store.agents.create({ email: 'ann@shop.example', name: 'Ann', role: 'agent', passwordHash: await hashPassword('correct horse') });
  ann = await signIn(server, 'ann@shop.example', 'correct horse');
  agent = await agentSocket(server, ann);
  await agent.next((f) => f.t === 'conversations');
});
afterEach(async () => {
  agent.close();
  await server.destroy();
  await sink.close();
});

const write = (cookie: string, visitorId: string, body: Record<string, unknown>) => postJson(server, `/api/visitors/${visitorId}/messages`, { clientId: `c-${Math.random()}`, ...body }, { cookie });
const pendingOf = async (cookie: string) => ((await (await fetch(`${server.url}/api/pending-messages`, { headers: { cookie } })).json()) as { items: any[] }).items;
const cancel = (cookie: string, id: string) => postJson(server, `/api/pending-messages/${id}/cancel`, undefined, { cookie });

/** A visitor on the page whose address the site vouched for. */
async function onlineCustomer(email = 'ada@example.com') {
  const tab = await helloVisitor(server, site);
  const userId = `u-${email}`;
  tab.socket.send({ t: 'identify', email, name: 'Ada', userId, hmac: createHmac('sha256', site.secret).update(userId).digest('hex') });
  await tab.socket.next((f) => f.t === 'profile' && f.email === email);
  return { ...tab, visitorId: tab.welcome.visitorId as string };
}

/** Moves the clock and waits until the runner has nothing due left of `kind`. */
async function pass(ms: number, kind: string) {
  clock.advance(ms);
  server.core.ctx.wakeJobs();
  await until(async () => {
    const next = await server.core.ctx.jobs.nextDue([kind]);
    return next === null || next > clock.now();
  }, 3000);
}

const agentTexts = async (visitorId: string) => {
  const conversation = await server.store.conversations.ofVisitor(visitorId);
  return conversation ? (await server.store.messages.since(conversation.id, 0)).filter((m) => m.author === 'agent').map((m) => m.text) : [];
};

describe('scheduled messages', () => {
  it('sends one at its time, not before, exactly once; one cancelled before is never sent, nor cancelled twice', async () => {
    const { socket, visitorId } = await onlineCustomer();
    const at = clock.now() + 60 * MINUTE;
    const scheduled = await write(ann, visitorId, { text: 'Your parcel ships today.', sendAt: at });
    expect(scheduled.status).toBe(200);
    const { pending } = (await scheduled.json()) as { pending: any };
    expect(pending).toMatchObject({ visitorName: 'Ada', text: 'Your parcel ships today.', sendAt: at, agentName: 'Ann', status: 'pending' });
    const dropped = ((await (await write(ann, visitorId, { text: 'Never mind.', sendAt: at + 1 })).json()) as { pending: any }).pending;
    expect((await pendingOf(ann)).map((p) => p.text)).toEqual(['Your parcel ships today.', 'Never mind.']);

    const cancelled = await cancel(ann, dropped.id);
    expect(cancelled.status).toBe(200);
    expect(((await cancelled.json()) as { item: any }).item.status).toBe('cancelled');
    const again = await cancel(ann, dropped.id);
    expect(again.status).toBe(409);
    expect(await again.text()).toMatch(/cancelled already/);

    await pass(59 * MINUTE, OUTREACH_JOB);
    await sleep(100);
    expect(await agentTexts(visitorId)).toEqual([]);

    await pass(MINUTE, OUTREACH_JOB);
    const delivered = await socket.next((f) => f.t === 'message' && f.message.author === 'agent');
    expect(delivered.message).toMatchObject({ text: 'Your parcel ships today.', authorName: 'Ann' });
    await pass(24 * 60 * MINUTE, OUTREACH_JOB);
    await sleep(100);
    expect(await agentTexts(visitorId)).toEqual(['Your parcel ships today.']);
    expect(await pendingOf(ann)).toEqual([]);
    expect(await server.store.pendingMessages.byId(pending.id)).toMatchObject({ status: 'sent', doneAt: at });
    const late = await cancel(ann, pending.id);
    expect(late.status).toBe(409);
    expect(await late.text()).toMatch(/sent already/);
    socket.close();
  });

  it('survives a restart: the job is in the database', async () => {
    const { socket, visitorId } = await onlineCustomer();
    socket.close();
    await write(ann, visitorId, { text: 'Back in stock!', sendAt: clock.now() + MINUTE });
    agent.close();
    await server.stop();
    server = await startTestServer(server.dataDir, { SMTP_URL: `smtp://127.0.0.1:${sink.port}` }, FAST_MAIL, { clock });
    agent = await agentSocket(server, ann);
    await pass(MINUTE, OUTREACH_JOB);
    await until(async () => (await agentTexts(visitorId)).length === 1);
    // Not online at its time: it went by email.
    const [delivery] = await sink.waitFor(1);
    expect(delivery!.mail.text).toContain('Back in stock!');
  });

  it('refuses a time in the past, and a customer no email can reach', async () => {
    const { socket, visitorId } = await onlineCustomer();
    expect((await write(ann, visitorId, { text: 'hi', sendAt: clock.now() - 1 })).status).toBe(400);
    const anonymous = await helloVisitor(server, site);
    const refused = await write(ann, anonymous.welcome.visitorId, { text: 'hi', sendAt: clock.now() + MINUTE });
    expect(refused.status).toBe(409);
    expect(await refused.text()).toMatch(/no email address we may write to/);
    socket.close();
    anonymous.socket.close();
  });
});

describe('writing now', () => {
  it('delivers in the widget to a customer online, no email', async () => {
    const { socket, visitorId } = await onlineCustomer();
    const res = await write(ann, visitorId, { text: 'Need a hand?' });
    expect(((await res.json()) as { sent: any }).sent).toMatchObject({ by: 'widget' });
    expect((await socket.next((f) => f.t === 'message' && f.message.author === 'agent')).message.text).toBe('Need a hand?');
    socket.close();
  });

  it('emails a customer who is not online at once, not after the emailDelay', async () => {
    const { visitorId } = await leftVisitor(server, site, { email: 'bea@example.com', name: 'Bea' });
    const res = await write(ann, visitorId, { text: 'Your refund went out today.' });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { sent: any }).sent).toMatchObject({ by: 'email' });
    const [delivery] = await sink.waitFor(1, 4000);
    expect(delivery!.to).toEqual(['bea@example.com']);
    expect(delivery!.mail.text).toContain('Your refund went out today.');
  });

  it('refuses clearly when there is no way to reach the customer: offline without an address, or one that bounced', async () => {
    const anonymous = await helloVisitor(server, site);
    anonymous.socket.close();
    await until(async () => (await server.core.ctx.presence.count('visitor', anonymous.welcome.visitorId)) === 0);
    const refused = await write(ann, anonymous.welcome.visitorId, { text: 'hello?' });
    expect(refused.status).toBe(409);
    expect(await refused.text()).toMatch(/not online and has no email address we may write to/);

    const { visitorId } = await leftVisitor(server, site, { email: 'gone@example.com' });
    await server.core.mail.unsubscribe(unsubscribeToken(visitorId, server.core.ctx.secret), 'bounced');
    expect((await write(ann, visitorId, { text: 'hello?' })).status).toBe(409);
    // Over the socket as well: the console's Start chat hears the same refusal.
    agent.send({ t: 'start', visitorId, clientId: 's1', text: 'hello?' });
    expect(await agent.next((f) => f.t === 'error' && f.clientId === 's1')).toMatchObject({ code: 'conflict' });
    expect(await agentTexts(visitorId)).toEqual([]);
  });
  it('acks a resend of a first message stored while the customer was online, though they cannot be reached now', async () => {
    const { socket, welcome } = await helloVisitor(server, site);
    agent.send({ t: 'start', visitorId: welcome.visitorId, clientId: 'first', text: 'Hello there!' });
    const stored = await agent.next((f) => f.t === 'ack' && f.clientId === 'first');
    socket.close();
    await until(async () => (await server.core.ctx.presence.count('visitor', welcome.visitorId)) === 0);
    const asked = agent.frames.length;
    // The console reconnected before it heard the ack: it sends the same message again.
    agent.send({ t: 'start', visitorId: welcome.visitorId, clientId: 'first', text: 'Hello there!' });
    const again = await agent.next((f) => agent.frames.indexOf(f) >= asked && (f.t === 'ack' || f.t === 'error') && f.clientId === 'first');
    expect(again).toMatchObject({ t: 'ack', id: stored.id });
    agent.send({ t: 'start', visitorId: welcome.visitorId, clientId: 'second', text: 'Still there?' });
    expect(await agent.next((f) => f.t === 'error' && f.clientId === 'second')).toMatchObject({ code: 'conflict' });
    expect(await agentTexts(welcome.visitorId)).toEqual(['Hello there!']);
  });
});

describe('rights', () => {
  it("lists an agent's own pending messages and an admin's everyone's; only the author or an admin cancels", async () => {
    await server.store.agents.create({ email: 'bob@shop.example', name: 'Bob', role: 'agent', passwordHash: await hashPassword('correct horse') });
    await server.store.agents.create({ email: 'root@shop.example', name: 'Root', role: 'admin', passwordHash: await hashPassword('correct horse') });
    const bob = await signIn(server, 'bob@shop.example', 'correct horse');
    const root = await signIn(server, 'root@shop.example', 'correct horse');
    const { socket, visitorId } = await onlineCustomer();
    const mine = ((await (await write(ann, visitorId, { text: "Ann's", sendAt: clock.now() + MINUTE })).json()) as { pending: any }).pending;
    await write(bob, visitorId, { text: "Bob's", sendAt: clock.now() + 2 * MINUTE });
    expect((await pendingOf(ann)).map((p) => p.text)).toEqual(["Ann's"]);
    expect((await pendingOf(root)).map((p) => p.text)).toEqual(["Ann's", "Bob's"]);
    expect((await cancel(bob, mine.id)).status).toBe(404);
    expect((await cancel(root, mine.id)).status).toBe(200);
    expect((await fetch(`${server.url}/api/pending-messages`)).status).toBe(401);
    socket.close();
  });

  it("refuses a visitor of a site whose team the agent is not in, as if there were none", async () => {
    await server.core.teams.add({ name: 'Wholesale', mode: 'collaboration' });
    const other = await server.store.sites.create({ name: 'Wholesale', origins: ['https://b2b.example'] });
    const b2b = await server.core.sites.update(other.key, { settings: { team: 'Wholesale' } });
    const { socket, welcome } = await helloVisitor(server, b2b);
    expect((await write(ann, welcome.visitorId, { text: 'hi' })).status).toBe(404);
    expect((await write(ann, welcome.visitorId, { text: 'hi', sendAt: clock.now() + MINUTE })).status).toBe(404);
    socket.send({ t: 'context', type: 'order', id: '9', label: 'Order #9' });
    agent.send({ t: 'contexts', visitorId: welcome.visitorId });
    expect(await agent.next((f) => f.t === 'error')).toMatchObject({ code: 'not_found' });
    expect(agent.frames.some((f) => f.t === 'contexts')).toBe(false);
    socket.close();
  });
});

describe('context records', () => {
  it('reach the agent live from the page, survive the visitor reconnecting, and agents add and remove them', async () => {
    const { socket, welcome } = await helloVisitor(server, site);
    const visitorId: string = welcome.visitorId;
    socket.send({ t: 'context', type: 'order', id: '1234', label: 'Order #1234', url: 'https://shop.example/orders/1234' });
    const live = await agent.next((f) => f.t === 'contexts' && f.visitorId === visitorId);
    expect(live.records).toEqual([{ type: 'order', id: '1234', label: 'Order #1234', url: 'https://shop.example/orders/1234', addedBy: null, at: clock.now() }]);
    socket.send({ t: 'context', type: 'order', id: '1234', label: 'Order #1234 (paid)' });
    await agent.next((f) => f.t === 'contexts' && f.records[0]?.label === 'Order #1234 (paid)');
    socket.close();

    const back = await helloVisitor(server, site, { token: welcome.token });
    expect(back.welcome.visitorId).toBe(visitorId);
    const asked = agent.frames.length;
    agent.send({ t: 'contexts', visitorId });
    const held = await agent.next((f) => agent.frames.indexOf(f) >= asked && f.t === 'contexts');
    expect(held.records.map((r: any) => r.label)).toEqual(['Order #1234 (paid)']);

    clock.advance(1000);
    agent.send({ t: 'context', visitorId, record: { type: 'cart', id: 'c9', label: 'Cart (3 items)', url: 'https://shop.example/admin/carts/c9' } });
    const added = await agent.next((f) => f.t === 'contexts' && f.records.length === 2);
    expect(added.records[1]).toMatchObject({ type: 'cart', addedBy: 'Ann' });
    agent.send({ t: 'uncontext', visitorId, type: 'order', id: '1234' });
    const removed = await agent.next((f) => f.t === 'contexts' && f.records.length === 1 && f.records[0].type === 'cart');
    expect(removed.records[0].id).toBe('c9');
    back.socket.close();
  });

  it('refuses what is not a record: a script url, an overlong label, more than the limit', async () => {
    const { socket, welcome } = await helloVisitor(server, site);
    socket.send({ t: 'context', type: 'order', id: '1', label: 'Order', url: 'javascript:alert(1)' });
    expect((await socket.next((f) => f.t === 'error')).message).toMatch(/http\(s\) URL/);
    socket.send({ t: 'context', type: 'order', id: '1', label: 'x'.repeat(201) });
    await socket.next((f) => f.t === 'error' && /at most 200/.test(f.message));
    for (let i = 0; i < MAX_CONTEXT_RECORDS; i++) socket.send({ t: 'context', type: 'order', id: String(i), label: `Order ${i}` });
    socket.send({ t: 'context', type: 'order', id: 'one-more', label: 'One more' });
    expect((await socket.next((f) => f.t === 'error' && /at most/.test(f.message) && /context records/.test(f.message))).code).toBe('not_allowed');
    expect(await server.store.contextRecords.of(welcome.visitorId)).toHaveLength(MAX_CONTEXT_RECORDS);
    socket.close();
  });

  it("takes a page's context writes at a bounded rate, through the rate limiter", async () => {
    const { socket, welcome } = await helloVisitor(server, site);
    for (let i = 0; i <= CONTEXT_WRITES_PER_MINUTE; i++) socket.send({ t: 'context', type: 'cart', id: 'c1', label: `Cart (${i} items)` });
    expect(await socket.next((f) => f.t === 'error')).toMatchObject({ code: 'rate_limited' });
    expect((await server.store.contextRecords.of(welcome.visitorId))[0]!.label).toBe(`Cart (${CONTEXT_WRITES_PER_MINUTE - 1} items)`);
    clock.advance(60_000);
    socket.send({ t: 'context', type: 'cart', id: 'c1', label: 'Cart (emptied)' });
    await until(async () => (await server.store.contextRecords.of(welcome.visitorId))[0]!.label === 'Cart (emptied)');
    socket.close();
  });
});
