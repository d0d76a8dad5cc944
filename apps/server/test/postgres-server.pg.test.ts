/**
 * Two server nodes on one PostgreSQL and one Redis, as a multi-node deployment runs: a visitor on
 * one and an agent on the other talk both ways; the list, its counts and the notification centre
 * come from the PostgreSQL store; a grab on one node is seen on the other; a file sent to one is
 * served by the other.
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FILES_PATH, VISITOR_UPLOAD_PATH } from '@parley/protocol';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { hashPassword } from '../src/core/auth/password.ts';
import { agentSocket, helloVisitor, signIn, startTestServer } from './harness.ts';
import { startPostgres, type TestPostgres } from './support/postgres.ts';
import { startRedis, type TestRedis } from './support/redis.ts';

let postgres: TestPostgres;
let redis: TestRedis;
beforeAll(async () => {
  [postgres, redis] = await Promise.all([startPostgres(), startRedis()]);
}, 60_000);
afterAll(async () => {
  await redis?.stop();
  await postgres?.stop();
});

it('serves one shop from two nodes on PostgreSQL and Redis: messages both ways, the list and its counts, notifications, a grab', async () => {
  const env = { PARLEY_DATABASE_URL: await postgres.createDatabase(), PARLEY_REDIS_URL: redis.url };
  const a = await startTestServer(mkdtempSync(join(tmpdir(), 'parley-pg-a-')), env);
  const b = await startTestServer(mkdtempSync(join(tmpdir(), 'parley-pg-b-')), env);
  try {
    await a.core.teams.add({ name: 'desk', mode: 'grab' });
    const site = await a.core.sites.update((await a.store.sites.create({ name: 'Shop', origins: ['https://shop.example'] })).key, { settings: { team: 'desk' } });
    const passwordHash = await hashPassword('correct horse');
    for (const name of ['ann', 'ben']) await a.store.agents.create({ email: `${name}@shop.example`, name, role: 'agent', teams: ['desk'], passwordHash });
    const ann = await agentSocket(b, await signIn(b, 'ann@shop.example', 'correct horse'));
    const ben = await agentSocket(a, await signIn(a, 'ben@shop.example', 'correct horse'));
    for (const agent of [ann, ben]) await agent.next((f) => f.t === 'counts');

    const visitor = await helloVisitor(a, site);
    visitor.socket.send({ t: 'send', clientId: 'v1', text: 'Do you ship to Norway?' });
    const { conversationId } = await visitor.socket.next((f) => f.t === 'ack');
    // The offer reaches both nodes' consoles, and the counts follow from the PostgreSQL list.
    for (const agent of [ann, ben]) {
      expect((await agent.next((f) => f.t === 'notification' && f.item.conversationId === conversationId)).item.kind).toBe('offer');
      await agent.next((f) => f.t === 'counts' && f.counts.views.all === 1 && f.counts.statuses['rep-needed'] === 1);
    }
    ann.send({ t: 'assign', conversationId, agentId: (await a.store.agents.byEmail('ann@shop.example'))!.id });
    await ben.next((f) => f.t === 'removed' && f.conversationId === conversationId);
    ann.send({ t: 'send', conversationId, clientId: 'r1', text: 'We do.' });
    expect((await visitor.socket.next((f) => f.t === 'message' && f.message.author === 'agent')).message).toMatchObject({ text: 'We do.', authorName: 'ann' });
    ann.send({ t: 'list', view: 'mine' });
    expect((await ann.next((f) => f.t === 'page')).items.map((c: { id: string }) => c.id)).toEqual([conversationId]);
    visitor.socket.close();
    ann.close();
    ben.close();
  } finally {
    await a.stop();
    await b.destroy();
  }
}, 60_000);

it('shares files between nodes through PostgreSQL: a file sent to one node is served by the other, with nothing on either disk', async () => {
  const env = { PARLEY_DATABASE_URL: await postgres.createDatabase(), PARLEY_REDIS_URL: redis.url };
  const a = await startTestServer(mkdtempSync(join(tmpdir(), 'parley-pg-a-')), env);
  const b = await startTestServer(mkdtempSync(join(tmpdir(), 'parley-pg-b-')), env);
  try {
    const site = await a.store.sites.create({ name: 'Shop', origins: ['https://shop.example'] });
    const { welcome } = await helloVisitor(a, site);
    const bytes = Buffer.from('%PDF-1.4\n%%EOF\n');
    const query = new URLSearchParams({ site: site.key, name: 'receipt.pdf', clientId: 'f1' });
    const headers = { origin: 'https://shop.example', authorization: `Bearer ${welcome.token}` };
    const sent = await fetch(`${a.url}${VISITOR_UPLOAD_PATH}?${query}`, { method: 'POST', headers: { ...headers, 'content-type': 'application/octet-stream' }, body: bytes });
    expect(sent.status).toBe(201);
    const { message } = (await sent.json()) as { message: { attachment: { id: string } } };
    const read = await fetch(`${b.url}${FILES_PATH}/${message.attachment.id}?site=${site.key}`, { headers });
    expect(read.status).toBe(200);
    expect(Buffer.from(await read.arrayBuffer())).toEqual(bytes);
    for (const node of [a, b]) expect(existsSync(join(node.dataDir, 'uploads'))).toBe(false);
  } finally {
    await a.stop();
    await b.destroy();
  }
}, 60_000);
