import { createHmac } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashPassword } from '../src/core/auth/password.ts';
import type { Site } from '../src/ports/store.ts';
import { agentSocket, helloVisitor, signIn, startTestServer, type TestServer, type TestSocket } from './harness.ts';
import { FAST_MAIL, sleep, until } from './mail-harness.ts';

let server: TestServer;
let site: Site;
let agent: TestSocket;

beforeEach(async () => {
  server = await startTestServer(undefined, {}, FAST_MAIL);
  const created = await server.store.sites.create({ name: 'Shop', origins: ['https://shop.example'] });
  site = await server.core.sites.update(created.key, { settings: { emailDelay: 1 } });
  const ann = await server.store.agents.create({ email: 'ann@shop.example', name: 'Ann', role: 'admin', passwordHash: await hashPassword('correct horse') });
  await server.store.agents.update(ann.id, { lastSeenAt: Date.now() });
  agent = await agentSocket(server, await signIn(server, 'ann@shop.example', 'correct horse'));
  await agent.next((f) => f.t === 'conversations');
});
afterEach(async () => {
  agent.close();
  await server.destroy();
});

const eventsOf = (messages: any[]) => messages.filter((m) => m.event).map((m) => `${m.authorName} ${m.event}`);

describe('transcript events', () => {
  it('records join, leave and close with the agent and the time, in seq order; the visitor hears only joined and closed', async () => {
    const tab = await helloVisitor(server, site);
    tab.socket.send({ t: 'send', clientId: 'v1', text: 'Hello?' });
    const { conversationId } = await tab.socket.next((f) => f.t === 'ack');
    const before = Date.now();

    agent.send({ t: 'join', conversationId });
    const joined = (await agent.next((f) => f.t === 'message' && f.message.event === 'joined')).message;
    expect(joined).toMatchObject({ seq: 2, author: 'system', authorName: 'Ann', event: 'joined', text: '', clientId: null });
    expect(joined.at).toBeGreaterThanOrEqual(before);
    expect((await tab.socket.next((f) => f.t === 'message' && f.message.seq === 2)).message).toMatchObject({ event: 'joined', authorName: 'Ann' });

    agent.send({ t: 'send', conversationId, clientId: 'a1', text: 'Hi, Ann here.' });
    await tab.socket.next((f) => f.t === 'message' && f.message.seq === 3);
    agent.send({ t: 'leave', conversationId });
    expect((await agent.next((f) => f.t === 'message' && f.message.event === 'left')).message).toMatchObject({ seq: 4, authorName: 'Ann' });
    agent.send({ t: 'join', conversationId });
    await agent.next((f) => f.t === 'message' && f.message.seq === 5);
    agent.send({ t: 'close', conversationId });
    expect((await agent.next((f) => f.t === 'message' && f.message.event === 'closed')).message).toMatchObject({ seq: 6, authorName: 'Ann' });
    await tab.socket.next((f) => f.t === 'message' && f.message.seq === 6);
    // A second close changes nothing, so records nothing.
    agent.send({ t: 'close', conversationId });
    const summary = await agent.next((f) => f.t === 'conversation' && f.item.status === 'closed');
    expect(summary.item).toMatchObject({ lastSeq: 6, lastMessage: { text: 'Hi, Ann here.' } });

    agent.send({ t: 'open', conversationId, since: 0 });
    const history = (await agent.next((f) => f.t === 'history')).messages;
    expect(history.map((m: any) => m.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(eventsOf(history)).toEqual(['Ann joined', 'Ann left', 'Ann joined', 'Ann closed']);

    // The visitor never hears that Ann left, live or in the history after a reconnect.
    expect(tab.socket.frames.some((f) => f.t === 'message' && f.message.event === 'left')).toBe(false);
    tab.socket.close();
    const back = await helloVisitor(server, site, { token: tab.welcome.token });
    expect(back.welcome.messages.map((m: any) => m.seq)).toEqual([1, 2, 3, 5, 6]);
    expect(eventsOf(back.welcome.messages)).toEqual(['Ann joined', 'Ann joined', 'Ann closed']);
    back.socket.close();
  });

  it('records the join a first reply makes, before the reply', async () => {
    const tab = await helloVisitor(server, site);
    tab.socket.send({ t: 'send', clientId: 'v1', text: 'Hello?' });
    const { conversationId } = await tab.socket.next((f) => f.t === 'ack');
    agent.send({ t: 'send', conversationId, clientId: 'a1', text: 'Hi!' });
    expect(await agent.next((f) => f.t === 'ack')).toMatchObject({ seq: 3 });
    const history = await server.store.messages.since(conversationId, 0);
    expect(history.map((m) => [m.seq, m.event ?? m.text])).toEqual([[1, 'Hello?'], [2, 'joined'], [3, 'Hi!']]);
    // A join answers nobody: the visitor's question still waits for the reply it got at seq 3, not for the join.
    expect(await server.store.conversations.byId(conversationId)).toMatchObject({ answeredSeq: 3, waitingSince: null });
    tab.socket.close();
  });

  it('leaves the visitor waiting, and books no email fallback, when an agent joins and closes', async () => {
    const tab = await helloVisitor(server, site);
    const userId = 'user-1';
    tab.socket.send({ t: 'identify', email: 'ada@example.com', userId, hmac: createHmac('sha256', site.secret).update(userId).digest('hex') });
    tab.socket.send({ t: 'send', clientId: 'v1', text: 'Where is my order?' });
    const { conversationId } = await tab.socket.next((f) => f.t === 'ack');
    tab.socket.close();
    await until(async () => (await server.core.ctx.presence.count('visitor', tab.welcome.visitorId)) === 0, 3000);

    agent.send({ t: 'join', conversationId });
    const waiting = await agent.next((f) => f.t === 'conversation' && f.item.agents.length === 1);
    expect(waiting.item.waitingSince).not.toBeNull();
    agent.send({ t: 'close', conversationId });
    await agent.next((f) => f.t === 'message' && f.message.event === 'closed');
    await sleep(1500);
    expect(await server.store.mail.fallbackCandidates(conversationId)).toEqual([]);
    expect(await server.store.mail.listOutbox(10)).toEqual([]);
    expect(agent.frames.filter((f) => f.t === 'email')).toEqual([]);
  });
});
