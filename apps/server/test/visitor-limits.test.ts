/**
 * Finding 5 of issue 8: a visitor's socket cannot flood the store, the agents or the list. Real
 * sockets on a real server: sends past the limit are refused unstored with a retry time and taken
 * once when resent; new visitors per address are capped while reconnects and other addresses pass;
 * typing and page frames are coalesced, not relayed or written one by one.
 */
import { VISITOR_WRITE_MS, TYPING_REFRESH_MS } from '@parley/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashPassword } from '../src/core/auth/password.ts';
import type { Site } from '../src/ports/store.ts';
import { agentSocket, helloVisitor, signIn, startTestServer, type TestServer, type TestSocket, visitorSocket } from './harness.ts';

let server: TestServer;
let site: Site;

beforeEach(async () => {
  server = await startTestServer();
  site = await server.store.sites.create({ name: 'Shop', origins: ['https://shop.example'] });
  const ann = await server.store.agents.create({ email: 'ann@shop.example', name: 'Ann', role: 'admin', passwordHash: await hashPassword('correct horse') });
  await server.store.agents.update(ann.id, { lastSeenAt: Date.now() });
});
afterEach(() => server.destroy());

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Every frame sent before this one was handled: a socket's frames are handled in order. */
async function handled(socket: TestSocket, clientId: string) {
  socket.send({ t: 'send', clientId, text: 'marker' });
  await socket.next((f) => f.clientId === clientId, 20_000);
}

describe('visitor limits', () => {
  it('stores a blast of sends only up to the limit, refuses the rest unstored with a retry time, and takes a resend once', async () => {
    site = await server.core.sites.update(site.key, { settings: { messageBurst: 20, burstWindow: 5 } });
    const { socket } = await helloVisitor(server, site);
    for (let i = 0; i < 500; i++) socket.send({ t: 'send', clientId: `c${i}`, text: `message ${i}` });
    await socket.next((f) => f.clientId === 'c499', 20_000);

    const answers = socket.frames.filter((f) => f.t === 'ack' || f.t === 'error');
    const acked = answers.filter((f) => f.t === 'ack').map((f) => f.clientId);
    const refused = answers.filter((f) => f.t === 'error');
    expect(acked).toEqual(Array.from({ length: 20 }, (_, i) => `c${i}`));
    expect(refused).toHaveLength(480);
    for (const error of refused) {
      expect(error).toMatchObject({ code: 'rate_limited', clientId: expect.stringMatching(/^c\d+$/) });
      expect(error.retryAfterMs).toBeGreaterThan(0);
      expect(error.retryAfterMs).toBeLessThanOrEqual(5000);
    }
    const conversationId = socket.frames.find((f) => f.t === 'ack').conversationId;
    const stored = await server.store.messages.since(conversationId, 0);
    expect(stored.map((m) => m.clientId)).toEqual(acked);

    // The widget waits the time it was told, then sends the same message again (twice, as a reconnect would).
    await settle(refused.at(-1).retryAfterMs + 50);
    socket.send({ t: 'send', clientId: 'c20', text: 'message 20' });
    socket.send({ t: 'send', clientId: 'c20', text: 'message 20' });
    await socket.next((f) => f.t === 'ack' && f.clientId === 'c20');
    await handled(socket, 'after');
    const after = await server.store.messages.since(conversationId, 0);
    expect(after.filter((m) => m.clientId === 'c20')).toHaveLength(1);
    expect(socket.frames.filter((f) => f.t === 'ack' && f.clientId === 'c20')).toHaveLength(2);
    socket.close();
  });

  it('holds a steady rate per hour too, and a limit of 0 is none', async () => {
    site = await server.core.sites.update(site.key, { settings: { messageBurst: 0, messagesPerHour: 3 } });
    const { socket } = await helloVisitor(server, site);
    for (let i = 0; i < 5; i++) socket.send({ t: 'send', clientId: `h${i}`, text: `message ${i}` });
    await socket.next((f) => f.clientId === 'h4');
    const answers = socket.frames.filter((f) => f.clientId?.startsWith('h'));
    expect(answers.map((f) => f.t)).toEqual(['ack', 'ack', 'ack', 'error', 'error']);
    expect(answers[3].retryAfterMs).toBeGreaterThan(3_500_000);
    socket.close();
  });

  it('refuses new visitors from one address past the limit, but not reconnects or other addresses', async () => {
    const tries = await Promise.all(Array.from({ length: 100 }, () => helloVisitor(server, site)));
    const welcomed = tries.filter((t) => t.welcome.t === 'welcome');
    const refused = tries.filter((t) => t.welcome.t === 'error');
    expect(welcomed).toHaveLength(20);
    expect(refused).toHaveLength(80);
    for (const { welcome, socket } of refused) {
      expect(welcome).toMatchObject({ code: 'rate_limited' });
      expect(welcome.retryAfterMs).toBeGreaterThan(0);
      expect((await socket.waitClosed())?.code).toBe(4429);
    }
    // A returning visitor, in a second tab or after a reload, is not new.
    const again = await helloVisitor(server, site, { token: welcomed[0]!.welcome.token });
    expect(again.welcome).toMatchObject({ t: 'welcome', visitorId: welcomed[0]!.welcome.visitorId });
    const tab = await helloVisitor(server, site, { token: welcomed[0]!.welcome.token, reconnect: true });
    expect(tab.welcome.t).toBe('welcome');
    // Someone else, on another address.
    const other = await visitorSocket(server, site.key, site.origins[0]!, { localAddress: '127.0.0.2' });
    other.send({ t: 'hello', site: site.key });
    expect(await other.next((f) => f.t === 'welcome' || f.t === 'error')).toMatchObject({ t: 'welcome' });
    for (const t of [...tries, again, tab]) t.socket.close();
    other.close();
  });

  it('caps new conversations per site, while visitors already in one keep writing', async () => {
    site = await server.core.sites.update(site.key, { settings: { newConversations: 3 } });
    const visitors = await Promise.all(Array.from({ length: 5 }, () => helloVisitor(server, site)));
    for (const [i, { socket }] of visitors.entries()) socket.send({ t: 'send', clientId: `first-${i}`, text: 'hello' });
    const answers = await Promise.all(visitors.map(({ socket }, i) => socket.next((f) => f.clientId === `first-${i}`)));
    expect(answers.filter((f) => f.t === 'ack')).toHaveLength(3);
    expect(answers.filter((f) => f.t === 'error' && f.code === 'rate_limited' && f.retryAfterMs > 0)).toHaveLength(2);
    const talking = visitors[answers.findIndex((f) => f.t === 'ack')]!.socket;
    talking.send({ t: 'send', clientId: 'second', text: 'still here' });
    expect(await talking.next((f) => f.clientId === 'second')).toMatchObject({ t: 'ack' });
    for (const { socket } of visitors) socket.close();
  });

  it('relays a flood of typing frames to agents as a handful, ending in the last state', async () => {
    const { socket } = await helloVisitor(server, site);
    socket.send({ t: 'send', clientId: 'first', text: 'hi' });
    await socket.next((f) => f.t === 'ack');
    const agent = await agentSocket(server, await signIn(server, 'ann@shop.example', 'correct horse'));
    await agent.next((f) => f.t === 'conversations');

    const started = Date.now();
    for (let i = 0; i < 20_000; i++) socket.send({ t: 'typing', on: i % 2 === 0 });
    await handled(socket, 'after-typing');
    await settle(TYPING_REFRESH_MS + 300);
    const elapsed = Date.now() - started;

    const typing = agent.frames.filter((f) => f.t === 'typing');
    expect(typing.length).toBeGreaterThanOrEqual(2);
    expect(typing.length).toBeLessThanOrEqual(Math.ceil(elapsed / TYPING_REFRESH_MS) + 1);
    expect(typing.at(-1)).toMatchObject({ on: false });
    socket.close();
    agent.close();
  });

  it('writes a flood of read marks a few times, the highest last', async () => {
    const { socket } = await helloVisitor(server, site);
    for (const clientId of ['m1', 'm2', 'm3']) socket.send({ t: 'send', clientId, text: clientId });
    const { conversationId } = await socket.next((f) => f.t === 'ack' && f.clientId === 'm3');
    let writes = 0;
    const mark = server.store.conversations.raiseReceipts;
    server.store.conversations.raiseReceipts = (...args) => {
      writes++;
      return mark.apply(server.store.conversations, args);
    };

    const started = Date.now();
    for (let i = 0; i < 3000; i++) socket.send({ t: 'seen', seq: 1 + Math.floor((3 * i) / 3000) });
    await handled(socket, 'after-seen');
    await settle(VISITOR_WRITE_MS + 300);
    const elapsed = Date.now() - started;

    expect(writes).toBeGreaterThanOrEqual(1);
    expect(writes).toBeLessThanOrEqual(Math.ceil(elapsed / VISITOR_WRITE_MS) + 1);
    expect((await server.store.conversations.byId(conversationId))?.visitorSeenSeq).toBe(3);
    socket.close();
  });

  it('writes a flood of page frames a few times, the last page last', async () => {
    const { socket, welcome } = await helloVisitor(server, site);
    let writes = 0;
    const record = server.store.visitors.recordPageView;
    server.store.visitors.recordPageView = (...args) => {
      writes++;
      return record.apply(server.store.visitors, args);
    };

    const started = Date.now();
    for (let i = 0; i < 3000; i++) socket.send({ t: 'page', page: { url: `https://shop.example/p/${i}`, title: `Page ${i}`, referrer: '' } });
    await handled(socket, 'after-pages');
    await settle(VISITOR_WRITE_MS + 300);
    const elapsed = Date.now() - started;

    expect(writes).toBeGreaterThanOrEqual(2);
    expect(writes).toBeLessThanOrEqual(Math.ceil(elapsed / VISITOR_WRITE_MS) + 1);
    expect((await server.store.visitors.byId(welcome.visitorId))?.page).toMatchObject({ url: 'https://shop.example/p/2999', title: 'Page 2999' });
    socket.close();
  });
});
