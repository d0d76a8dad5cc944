import { createHmac } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashPassword } from '../src/core/auth/password.ts';
import type { Site } from '../src/ports/store.ts';
import { agentSocket, helloVisitor, signIn, startTestServer, type TestServer, visitorSocket } from './harness.ts';

let server: TestServer;
let site: Site;

beforeEach(async () => {
  server = await startTestServer();
  site = await server.store.sites.create({ name: 'Shop', origins: ['https://shop.example'] });
  // An available agent who had a console open a moment ago makes the site available: without one, visitors get the away flow.
  const ann = await server.store.agents.create({ email: 'ann@shop.example', name: 'Ann', role: 'admin', passwordHash: await hashPassword('correct horse') });
  await server.store.agents.update(ann.id, { lastSeenAt: Date.now() });
});
afterEach(() => server.destroy());

async function signedInAgent() {
  const socket = await agentSocket(server, await signIn(server, 'ann@shop.example', 'correct horse'));
  await socket.next((f) => f.t === 'conversations');
  return socket;
}

describe('visitor socket', () => {
  it('issues a token on first hello and resumes the same visitor with it', async () => {
    const first = await helloVisitor(server, site);
    expect(first.welcome).toMatchObject({ t: 'welcome', conversationId: null, messages: [], available: true });
    first.socket.close();
    const again = await helloVisitor(server, site, { token: first.welcome.token });
    expect(again.welcome.visitorId).toBe(first.welcome.visitorId);
    expect(again.welcome.token).toBe(first.welcome.token);
    again.socket.close();
  });

  it("never accepts a token on another site's visitor", async () => {
    const other = await server.store.sites.create({ name: 'Other', origins: ['https://other.example'] });
    const a = await helloVisitor(server, site);
    const b = await helloVisitor(server, other, { token: a.welcome.token });
    expect(b.welcome.visitorId).not.toBe(a.welcome.visitorId);
    expect(b.welcome.token).not.toBe(a.welcome.token);
    a.socket.close();
    b.socket.close();
  });

  it('refuses an origin the site does not allow, and an unknown site, before upgrading', async () => {
    await expect(visitorSocket(server, site.key, 'https://evil.example')).rejects.toThrow(/Unexpected server response: 403/);
    await expect(visitorSocket(server, 'nope', 'https://shop.example')).rejects.toThrow(/Unexpected server response: 404/);
  });

  it("refuses a hello for another site than the socket's URL names", async () => {
    const other = await server.store.sites.create({ name: 'Other', origins: ['https://other.example'] });
    const socket = await visitorSocket(server, site.key, 'https://shop.example');
    socket.send({ t: 'hello', site: other.key });
    expect(await socket.next((f) => f.t === 'error')).toMatchObject({ code: 'origin_not_allowed' });
    expect((await socket.waitClosed())?.code).toBe(4403);
  });

  it('answers bad frames with an error and stays usable', async () => {
    const { socket } = await helloVisitor(server, site);
    socket.send('{nope');
    expect(await socket.next((f) => f.t === 'error')).toMatchObject({ code: 'bad_frame', message: 'A frame is one JSON object.' });
    socket.send({ t: 'send', clientId: 'c1', text: '' });
    expect(await socket.next((f) => f.t === 'error' && f.message.includes('empty'))).toBeTruthy();
    socket.send({ t: 'send', clientId: 'c2', text: 'still here' });
    expect(await socket.next((f) => f.t === 'ack')).toMatchObject({ clientId: 'c2', seq: 1 });
    socket.close();
  });

  it('stores a retried send once and acks both with the same id', async () => {
    const { socket, welcome } = await helloVisitor(server, site);
    socket.send({ t: 'send', clientId: 'dup', text: 'hello' });
    socket.send({ t: 'send', clientId: 'dup', text: 'hello' });
    await socket.next((f) => f.t === 'ack' && socket.frames.filter((g) => g.t === 'ack').length === 2);
    const acks = socket.frames.filter((f) => f.t === 'ack');
    expect(acks[0].id).toBe(acks[1].id);
    const conversation = await server.store.conversations.ofVisitor(welcome.visitorId);
    expect(await server.store.messages.since(conversation!.id, 0)).toHaveLength(1);
    socket.close();
  });

  it('after a gap, sends exactly the messages the client misses, in order', async () => {
    const agent = await signedInAgent();
    const { socket, welcome } = await helloVisitor(server, site);
    socket.send({ t: 'send', clientId: 'm1', text: 'one' });
    const ack = await socket.next((f) => f.t === 'ack');
    socket.close();
    for (const [i, text] of ['two', 'three'].entries()) {
      agent.send({ t: 'send', conversationId: ack.conversationId, clientId: `r${i}`, text });
      await agent.next((f) => f.t === 'ack' && f.clientId === `r${i}`);
    }
    const back = await helloVisitor(server, site, { token: welcome.token, since: 1 });
    // The first reply joins Ann, and the transcript says so before it.
    expect(back.welcome.messages.map((m: any) => [m.seq, m.event ?? m.text, m.author])).toEqual([
      [2, 'joined', 'system'],
      [3, 'two', 'agent'],
      [4, 'three', 'agent'],
    ]);
    back.socket.close();
    agent.close();
  });

  it('binds an identified visitor across devices only with a valid HMAC', async () => {
    const hmac = createHmac('sha256', site.secret).update('user-42').digest('hex');
    const phone = await helloVisitor(server, site);
    phone.socket.send({ t: 'identify', userId: 'user-42', hmac, email: 'ada@example.com' });
    phone.socket.send({ t: 'send', clientId: 'p1', text: 'from my phone' });
    await phone.socket.next((f) => f.t === 'ack');

    const laptop = await helloVisitor(server, site);
    laptop.socket.send({ t: 'identify', userId: 'user-42', hmac: 'ab'.repeat(32) });
    expect(await laptop.socket.next((f) => f.t === 'error')).toMatchObject({ code: 'bad_identity' });
    laptop.socket.send({ t: 'identify', userId: 'user-42', hmac });
    const switched = await laptop.socket.next((f) => f.t === 'welcome' && f.visitorId === phone.welcome.visitorId);
    expect(switched.messages.map((m: any) => m.text)).toEqual(['from my phone']);
    expect(switched.token).not.toBe(phone.welcome.token);
    const resumed = await helloVisitor(server, site, { token: switched.token });
    expect(resumed.welcome.visitorId).toBe(phone.welcome.visitorId);
    for (const s of [phone.socket, laptop.socket, resumed.socket]) s.close();
  });
});

describe('agent socket', () => {
  it('refuses a socket without a session, and one from another origin', async () => {
    const { TestSocket } = await import('./harness.ts');
    const anonymous = await TestSocket.open(`${server.url.replace('http', 'ws')}/ws/agent`, { origin: server.url });
    expect((await anonymous.waitClosed())?.code).toBe(4401);
    await server.store.agents.create({ email: 'a@b.co', name: 'A', role: 'agent', passwordHash: await hashPassword('password1') });
    const cookie = await signIn(server, 'a@b.co', 'password1');
    await expect(TestSocket.open(`${server.url.replace('http', 'ws')}/ws/agent`, { origin: 'https://evil.example', cookie })).rejects.toThrow(/Unexpected server response: 403/);
  });

  it('carries a conversation both ways: visitor → agents, reply → every tab of the visitor', async () => {
    const agent = await signedInAgent();
    const tab1 = await helloVisitor(server, site);
    const tab2 = await helloVisitor(server, site, { token: tab1.welcome.token });
    tab1.socket.send({ t: 'typing', on: true });
    tab1.socket.send({ t: 'send', clientId: 'v1', text: 'Do you ship to Norway?' });
    const incoming = await agent.next((f) => f.t === 'message');
    expect(incoming.message).toMatchObject({ author: 'visitor', text: 'Do you ship to Norway?', seq: 1 });
    const listed = await agent.next((f) => f.t === 'conversation');
    expect(listed.item).toMatchObject({ status: 'open', lastMessage: { text: 'Do you ship to Norway?' } });
    expect(listed.item.visitor.displayName).toMatch(/^Visitor /);
    await tab2.socket.next((f) => f.t === 'message' && f.message.seq === 1);

    const conversationId = incoming.message.conversationId;
    agent.send({ t: 'join', conversationId });
    await agent.next((f) => f.t === 'conversation' && f.item.agents.length === 1);
    agent.send({ t: 'typing', conversationId, on: true });
    expect(await tab1.socket.next((f) => f.t === 'typing')).toMatchObject({ on: true, name: 'Ann' });
    agent.send({ t: 'send', conversationId, clientId: 'a1', text: 'We do!' });
    for (const tab of [tab1, tab2]) {
      expect((await tab.socket.next((f) => f.t === 'message' && f.message.seq === 3)).message).toMatchObject({ author: 'agent', authorName: 'Ann', text: 'We do!' });
    }
    agent.send({ t: 'leave', conversationId });
    await agent.next((f) => f.t === 'conversation' && f.item.agents.length === 0 && f.item.lastSeq === 4);
    agent.send({ t: 'close', conversationId });
    await agent.next((f) => f.t === 'conversation' && f.item.status === 'closed');
    agent.send({ t: 'open', conversationId, since: 0 });
    const history = await agent.next((f) => f.t === 'history');
    expect(history.messages.map((m: any) => m.event ?? m.text)).toEqual(['Do you ship to Norway?', 'joined', 'We do!', 'left', 'closed']);
    agent.send({ t: 'open', conversationId: 'missing', since: 0 });
    expect(await agent.next((f) => f.t === 'error')).toMatchObject({ code: 'not_found' });
    for (const s of [agent, tab1.socket, tab2.socket]) s.close();
  });

  it('lists conversations on connect, who has waited longest first', async () => {
    for (const text of ['first', 'second']) {
      const { socket } = await helloVisitor(server, site);
      socket.send({ t: 'send', clientId: text, text });
      await socket.next((f) => f.t === 'ack');
      socket.close();
    }
    const agent = await signedInAgent();
    const list = agent.frames.find((f) => f.t === 'conversations');
    expect(list.items.map((c: any) => c.lastMessage.text)).toEqual(['first', 'second']);
    expect(list.items.every((c: any) => c.waitingSince !== null)).toBe(true);
    agent.close();
  });
});
