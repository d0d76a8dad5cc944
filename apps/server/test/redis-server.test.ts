/** Two server nodes on one database and one Redis (PARLEY_REDIS_URL): live both ways across nodes, and a stop closes its Redis connections. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLOSE } from '@parley/protocol';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { connectRedis } from '../src/adapters/redis/client.ts';
import { readConfig } from '../src/config.ts';
import { hashPassword } from '../src/core/auth/password.ts';
import { agentSocket, helloVisitor, signIn, startTestServer } from './harness.ts';
import { startRedis, type TestRedis } from './support/redis.ts';
import { startDoomedNode } from './support/redis-node.ts';

let redis: TestRedis;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(() => redis?.stop());

async function redisClients() {
  const probe = await connectRedis(redis.url, 'probe');
  const list = await probe.sendCommand<string>(['CLIENT', 'LIST']);
  await probe.close();
  // Less the probe itself.
  return list.trim().split('\n').length - 1;
}

it('a visitor on one node and an agent on the other talk both ways, live; stopping both closes every Redis connection', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-test-'));
  const env = { PARLEY_REDIS_URL: redis.url };
  const a = await startTestServer(dataDir, env);
  const b = await startTestServer(dataDir, env);
  try {
    expect(await redisClients()).toBe(4);
    const site = await a.store.sites.create({ name: 'Shop', origins: ['https://shop.example'] });
    await a.store.agents.create({ email: 'ann@shop.example', name: 'Ann', role: 'admin', passwordHash: await hashPassword('correct horse') });
    const agent = await agentSocket(b, await signIn(b, 'ann@shop.example', 'correct horse'));
    await agent.next((f) => f.t === 'conversations');

    // Ann's console is on node b: a visitor on node a sees the site answered.
    const visitor = await helloVisitor(a, site);
    expect(visitor.welcome.available).toBe(true);
    visitor.socket.send({ t: 'typing', on: true });
    visitor.socket.send({ t: 'send', clientId: 'v1', text: 'Do you ship to Norway?' });
    const incoming = await agent.next((f) => f.t === 'message');
    expect(incoming.message).toMatchObject({ author: 'visitor', text: 'Do you ship to Norway?', seq: 1 });

    const { conversationId } = incoming.message;
    agent.send({ t: 'join', conversationId });
    await agent.next((f) => f.t === 'conversation' && f.item.agents.length === 1);
    agent.send({ t: 'typing', conversationId, on: true });
    expect(await visitor.socket.next((f) => f.t === 'typing')).toMatchObject({ on: true, name: 'Ann' });
    agent.send({ t: 'send', conversationId, clientId: 'r1', text: 'We do.' });
    expect((await visitor.socket.next((f) => f.t === 'message' && f.message.author === 'agent')).message).toMatchObject({ text: 'We do.', authorName: 'Ann' });
    visitor.socket.close();
    agent.close();
  } finally {
    await a.stop();
    await b.destroy();
  }
  expect(await redisClients()).toBe(0);
});

it("a node that dies takes its visitors and agents offline on the others' consoles within the dead-socket time", async () => {
  // Heartbeats every 200 ms: a dead node is dropped within 400 ms.
  const heartbeatMs = 200;
  const server = await startTestServer(undefined, { PARLEY_REDIS_URL: redis.url }, { heartbeatMs });
  try {
    const site = await server.store.sites.create({ name: 'Shop', origins: ['https://shop.example'] });
    await server.store.agents.create({ email: 'ann@shop.example', name: 'Ann', role: 'admin', passwordHash: await hashPassword('correct horse') });
    const bob = await server.store.agents.create({ email: 'bob@shop.example', name: 'Bob', role: 'agent', passwordHash: await hashPassword('correct horse') });
    const visitor = await server.store.visitors.create({ siteId: site.id, tokenHash: 'x'.repeat(64) });
    const doomed = await startDoomedNode(redis.url, 'parley:', 'doomed', 2 * heartbeatMs, [
      { kind: 'visitor', id: visitor.id, siteId: site.id, connection: 'c1' },
      { kind: 'agent', id: bob.id, siteId: null, connection: 'c2' },
    ]);
    const ann = await agentSocket(server, await signIn(server, 'ann@shop.example', 'correct horse'));
    await ann.next((f) => f.t === 'agents' && f.items.some((a: any) => a.id === bob.id && a.online));

    await doomed.kill();
    const gone = await ann.next((f) => f.t === 'visitor' && f.item.id === visitor.id, 2000);
    expect(gone.item.online).toBe(false);
    await ann.next((f) => f.t === 'agents' && f.items.some((a: any) => a.id === bob.id && !a.online), 2000);
    expect((await server.store.agents.byId(bob.id))!.lastSeenAt).toBeGreaterThan(0);
    ann.close();
  } finally {
    await server.destroy();
  }
});

it('after Redis restarts, every node asks its sockets to reconnect, and the reconnected ones talk across nodes again', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-test-'));
  const env = { PARLEY_REDIS_URL: redis.url };
  const a = await startTestServer(dataDir, env);
  const b = await startTestServer(dataDir, env);
  try {
    const site = await a.store.sites.create({ name: 'Shop', origins: ['https://shop.example'] });
    await a.store.agents.create({ email: 'ann@shop.example', name: 'Ann', role: 'admin', passwordHash: await hashPassword('correct horse') });
    const cookie = await signIn(b, 'ann@shop.example', 'correct horse');
    const agent = await agentSocket(b, cookie);
    await agent.next((f) => f.t === 'conversations');
    const visitor = await helloVisitor(a, site);
    await redis.restart();
    // Published while the bus was away, the notices of this message never came: the sockets reconnect and catch up.
    expect((await agent.waitClosed(15_000))?.code).toBe(CLOSE.resync);
    expect((await visitor.socket.waitClosed(15_000))?.code).toBe(CLOSE.resync);
    const again = await agentSocket(b, cookie);
    await again.next((f) => f.t === 'conversations');
    const back = await helloVisitor(a, site, { token: visitor.welcome.token });
    back.socket.send({ t: 'send', clientId: 'v2', text: 'Back after the blip' });
    expect((await again.next((f) => f.t === 'message', 10_000)).message).toMatchObject({ text: 'Back after the blip' });
    back.socket.close();
    again.close();
  } finally {
    await a.stop();
    await b.destroy();
  }
}, 60_000);

it('refuses a PARLEY_REDIS_URL that is no Redis URL, and stops with a message when Redis does not answer', async () => {
  expect(() => readConfig({ PARLEY_REDIS_URL: 'localhost:6379' })).toThrow(/PARLEY_REDIS_URL must look like redis:\/\/host:6379/);
  const started = Date.now();
  // A port nothing listens on: the one a stopped server had.
  const gone = await startRedis();
  await gone.stop();
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-test-'));
  try {
    // The message names the server, never the password.
    await expect(startTestServer(dataDir, { PARLEY_REDIS_URL: `${gone.url}/0`.replace('redis://', 'redis://:secret@') })).rejects.toThrow(
      new RegExp(`^Redis at redis://127\\.0\\.0\\.1:${gone.port}/0 did not answer .*fix PARLEY_REDIS_URL\\.$`),
    );
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
  expect(Date.now() - started).toBeLessThan(8_000);
});
