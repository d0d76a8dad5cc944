/**
 * Two server processes on one database and one Redis, behind a round-robin load balancer with no
 * sticky sessions: they start together once, talk live across nodes, send one fallback email
 * between them, and when one is killed mid-conversation its clients reconnect through the
 * balancer to the other with every acked message stored exactly once, in order.
 */
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Site, Store } from '../src/ports/store.ts';
import { hashPassword } from '../src/core/auth/password.ts';
import { AGENT, drained, random, Sender, startTraffic } from './faults-harness.ts';
import { agentSocket, helloVisitor, signIn, type TestServer, visitorSocket } from './harness.ts';
import { FAST_MAIL, type SmtpSink, sleep, startSmtpSink, until } from './mail-harness.ts';
import { type Balancer, startBalancer } from './support/balancer.ts';
import { type Node, type SharedDatabase, sharedDatabase, startNode } from './support/nodes.ts';
import { startRedis, type TestRedis } from './support/redis.ts';

const VISITORS = 8;
const SEED = 0x5eed;

let redis: TestRedis;
let database: SharedDatabase;
let sink: SmtpSink;
let a: Node;
let b: Node;
let balancer: Balancer;
let store: Store;
let site: Site;
let cookie: string;

/** What the helpers of harness.ts need of a server: its address. */
const at = (url: string) => ({ url }) as TestServer;

beforeAll(async () => {
  [redis, database, sink] = await Promise.all([startRedis(), sharedDatabase(), startSmtpSink()]);
  const env = { ...database.env, PARLEY_REDIS_URL: redis.url, SMTP_URL: `smtp://127.0.0.1:${sink.port}`, MAIL_FROM: 'Shop <chat@shop.example>' };
  // Both at the same moment on the empty database: first start must happen once.
  [a, b] = await Promise.all([startNode(env, FAST_MAIL), startNode(env, FAST_MAIL)]);
  balancer = await startBalancer([a.port, b.port]);
  store = await database.open();
}, 60_000);

afterAll(async () => {
  await store?.close();
  await Promise.all([a?.stop(), b?.stop()]);
  await Promise.all([balancer?.close(), redis?.stop(), sink?.close(), database?.destroy()]);
});

it('two nodes starting at the same moment on an empty database create one demo site and one setup token', async () => {
  const sites = await store.sites.list();
  expect(sites.map((s) => s.isDemo)).toEqual([true]);
  expect([a, b].filter((node) => node.printed.includes('Created the demo site'))).toHaveLength(1);
  const links = [a, b].map((node) => /console\/setup\?token=(\S+)/.exec(node.printed)?.[1]);
  expect(links[0]).toBeTruthy();
  expect(links[1]).toBe(links[0]);
});

it('a visitor on node A and an agent on node B talk both ways, live, with typing', async () => {
  const created = await store.sites.create({ name: 'Shop', origins: ['https://shop.example'] });
  // One address (the balancer's) for every visitor, writing faster than people: the limits are not under test here.
  site = await store.sites.update(created.key, { settings: { ...created.settings, emailDelay: 1, messageBurst: 0, messagesPerHour: 0, newVisitors: 0, newConversations: 0 } });
  const ann = await store.agents.create({ email: AGENT.email, name: 'Ann', role: 'admin', passwordHash: await hashPassword(AGENT.password) });
  await store.agents.update(ann.id, { lastSeenAt: Date.now() });
  cookie = await signIn(at(b.url), AGENT.email, AGENT.password);
  const agent = await agentSocket(at(b.url), cookie);
  await agent.next((f) => f.t === 'conversations');

  const visitor = await helloVisitor(at(a.url), site);
  expect(visitor.welcome.available).toBe(true);
  visitor.socket.send({ t: 'send', clientId: 'v1', text: 'Do you ship to Norway?' });
  const incoming = await agent.next((f) => f.t === 'message', 5000);
  expect(incoming.message).toMatchObject({ author: 'visitor', text: 'Do you ship to Norway?', seq: 1 });
  const { conversationId } = incoming.message;
  visitor.socket.send({ t: 'typing', on: true });
  expect(await agent.next((f) => f.t === 'typing' && f.conversationId === conversationId, 5000)).toMatchObject({ on: true });

  agent.send({ t: 'join', conversationId });
  agent.send({ t: 'typing', conversationId, on: true });
  expect(await visitor.socket.next((f) => f.t === 'typing', 5000)).toMatchObject({ on: true, name: 'Ann' });
  agent.send({ t: 'send', conversationId, clientId: 'r1', text: 'We do.' });
  expect((await visitor.socket.next((f) => f.t === 'message' && f.message.author === 'agent', 5000)).message).toMatchObject({ text: 'We do.', authorName: 'Ann' });
  visitor.socket.close();
  agent.close();
});

it('an agent reply the visitor does not see is emailed once, though both nodes run the job runner', async () => {
  const agent = await agentSocket(at(b.url), cookie);
  await agent.next((f) => f.t === 'conversations');
  const { socket, welcome } = await helloVisitor(at(a.url), site);
  const userId = 'user-ada';
  socket.send({ t: 'identify', email: 'ada@example.com', name: 'Ada', userId, hmac: createHmac('sha256', site.secret).update(userId).digest('hex') });
  socket.send({ t: 'send', clientId: 'ada-1', text: 'Where is my order?' });
  const { conversationId } = await socket.next((f) => f.t === 'ack');
  socket.close();
  // Gone on node A, as node B's console sees it.
  await agent.next((f) => f.t === 'visitor' && f.item.id === welcome.visitorId && f.item.online === false, 5000);

  agent.send({ t: 'send', conversationId, clientId: 'ann-1', text: 'It left our warehouse today.' });
  await agent.next((f) => f.t === 'ack' && f.clientId === 'ann-1');
  const [delivery] = await sink.waitFor(1, 10_000);
  expect(delivery!.to).toEqual(['ada@example.com']);
  expect(delivery!.mail.text).toContain('It left our warehouse today.');
  // Both runners poll every 50 ms: long enough for a second claim to have sent again.
  await sleep(1500);
  expect(sink.deliveries).toHaveLength(1);
  agent.close();
});

it('kill -9 of node A mid-conversation: its clients reconnect through the balancer to B, every acked message stored once, in order', { timeout: 60_000 }, async () => {
  const rand = random(SEED);
  const visitors = Array.from({ length: VISITORS }, (_, i) => new Sender(`kv${i}`));
  const agent = new Sender('kagent');
  const senders = [...visitors, agent];
  let reconnects = 0;

  /** Through the balancer, as a widget or console behind a load balancer connects; visitors resume with their tokens. */
  const connect = async (sender: Sender) => {
    if (sender === agent) return agent.attach(await agentSocket(at(balancer.url), cookie));
    const socket = await visitorSocket(at(balancer.url), site.key, site.origins[0]!);
    socket.send({ t: 'hello', site: site.key, ...(sender.token ? { token: sender.token, reconnect: true } : {}) });
    const welcome = await socket.next((f) => f.t === 'welcome', 10_000);
    sender.token = welcome.token;
    sender.attach(socket);
  };
  await Promise.all(senders.map(connect));
  const before = new Map(balancer.connections);
  expect([...before.values()].every((n) => n > 0)).toBe(true);

  const stopTraffic = startTraffic(visitors, agent, rand, { visitorEveryMs: 100, agentEveryMs: 30 });
  await sleep(1500);
  await a.kill();
  // The balancer ends the connections it held to A; the clients come back through it, to B.
  await until(() => senders.some((s) => s.socket!.closed !== null), 3000, () => 'a client of node A to see it go');
  await sleep(200);
  for (const sender of senders.filter((s) => s.socket!.closed !== null)) {
    reconnects++;
    await connect(sender);
  }
  await sleep(1000);
  stopTraffic();
  await drained(senders);
  for (const sender of senders) sender.socket!.close();
  expect(balancer.connections.get(a.port)).toBe(before.get(a.port));

  expect(senders.flatMap((s) => s.errors)).toEqual([]);
  expect(senders.flatMap((s) => s.outbox)).toEqual([]);
  const conversations = new Set(senders.flatMap((s) => [...s.acks.values()].map((ack) => ack.conversationId)));
  const stored = new Map<string, { seq: number; conversationId: string }[]>();
  for (const conversationId of conversations) {
    const messages = await store.messages.since(conversationId, 0);
    // Gapless from 1.
    expect(messages.map((m) => m.seq)).toEqual(messages.map((_, i) => i + 1));
    for (const m of messages) if (m.clientId) stored.set(m.clientId, [...(stored.get(m.clientId) ?? []), { seq: m.seq, conversationId }]);
  }
  for (const sender of senders) {
    const lastSeq = new Map<string, number>();
    for (const { clientId } of sender.sent) {
      // Once, and what its ack said.
      expect(stored.get(clientId), clientId).toEqual([sender.acks.get(clientId)]);
      const { seq, conversationId } = stored.get(clientId)![0]!;
      // In the order it was sent, within its conversation.
      expect(seq, `${clientId} after seq ${lastSeq.get(conversationId)}`).toBeGreaterThan(lastSeq.get(conversationId) ?? 0);
      lastSeq.set(conversationId, seq);
    }
  }
  const sent = senders.reduce((n, s) => n + s.sent.length, 0);
  expect(reconnects).toBeGreaterThan(0);
  console.log(`kill -9 of node A: ${sent} messages sent (${agent.sent.length} by the agent), ${reconnects} of ${senders.length} clients reconnected to node B; every one stored once`);
});
