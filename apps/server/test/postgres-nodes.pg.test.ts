/**
 * Several nodes on one PostgreSQL database, each with its own store (its own pool): they migrate
 * once, keep seqs gapless when they append to one conversation together, make the first
 * start's demo site, setup token and server secret once, let the setup link make one admin, and
 * never claim one email twice.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it, onTestFinished } from 'vitest';
import pg from 'pg';
import { openPostgresStore } from '../src/adapters/postgres/store.ts';
import { readConfig } from '../src/config.ts';
import { createCore } from '../src/core/index.ts';
import { coreOptions, openPorts } from '../src/server.ts';
import { firstStart, serverSecret } from '../src/core/first-start.ts';
import { composeFallback, mailSender } from '../src/core/mail/compose.ts';
import type { Store } from '../src/ports/store.ts';
import { startPostgres, type TestPostgres } from './support/postgres.ts';

let server: TestPostgres;
beforeAll(async () => {
  server = await startPostgres();
}, 60_000);
afterAll(() => server.stop());

/** `n` nodes opening the same new database at the same moment. */
async function nodes(n: number) {
  const url = await server.createDatabase();
  const stores = await Promise.all(Array.from({ length: n }, () => openPostgresStore(url, { max: 4 })));
  onTestFinished(async () => {
    await Promise.all(stores.map((store) => store.close()));
  });
  return { url, stores };
}

it('migrates once when four nodes start on an empty database at the same moment', async () => {
  const { url } = await nodes(4);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const { rows } = await client.query('SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations');
  await client.end();
  const journal = (await import('../drizzle-pg/meta/_journal.json', { with: { type: 'json' } })).default;
  expect(rows[0].n).toBe(journal.entries.length);
});

it('keeps seqs gapless and client ids unique when three nodes append to one conversation at once', async () => {
  const { stores } = await nodes(3);
  const [a] = stores;
  const site = await a!.sites.create({ name: 'Shop', origins: [] });
  const visitor = await a!.visitors.create({ siteId: site.id, tokenHash: 'h' });
  // Each node sends every client id once: a retry arriving at another node than its original.
  const sends = stores.flatMap((store, node) =>
    Array.from({ length: 40 }, (_, i) =>
      store.transaction(async (tx) => {
        const conversation = await tx.conversations.ensureOfVisitor({ siteId: site.id, visitorId: visitor.id, at: i });
        return tx.messages.append(conversation, { clientId: `c${i}`, text: `m${i} from ${node}`, at: i, author: 'visitor', agentId: null });
      }),
    ),
  );
  const results = await Promise.all(sends);
  expect(new Set(results.map((r) => r.conversation.id)).size).toBe(1);
  expect(results.filter((r) => r.created)).toHaveLength(40);
  const stored = await a!.messages.since(results[0]!.conversation.id, 0);
  expect(stored.map((m) => m.seq)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
  expect(new Set(stored.map((m) => m.clientId)).size).toBe(40);
});

it('lets one of several grabs on several nodes win a conversation', async () => {
  const { stores } = await nodes(3);
  const site = await stores[0]!.sites.create({ name: 'Shop', origins: [] });
  const visitor = await stores[0]!.visitors.create({ siteId: site.id, tokenHash: 'h' });
  const conversation = await stores[0]!.conversations.ensureOfVisitor({ siteId: site.id, visitorId: visitor.id, at: 1 });
  const agents = await Promise.all(stores.map((store, i) => store.agents.create({ email: `a${i}@shop.example`, name: `A${i}`, role: 'agent', passwordHash: 'x' })));
  const grabs = await Promise.all(stores.map((store, i) => store.transaction((tx) => tx.conversations.assign(conversation.id, agents[i]!.id, { unlessAssigned: true }))));
  expect(grabs.filter(Boolean)).toHaveLength(1);
  expect((await stores[0]!.conversations.byId(conversation.id))?.assigneeId).toBe(agents[grabs.indexOf(true)]!.id);
});

it('makes one demo site, one setup token and one server secret when three nodes start at once', async () => {
  const { stores } = await nodes(3);
  const publicUrl = 'https://chat.shop.example';
  const printed = await Promise.all(stores.map((store) => firstStart(store, publicUrl)));
  const secrets = await Promise.all(stores.map((store) => serverSecret(store)));
  const sites = await stores[0]!.sites.list();
  expect(sites.map((site) => site.isDemo)).toEqual([true]);
  expect(printed.flat().filter((line) => line.startsWith('Created the demo site'))).toHaveLength(1);
  const links = printed.map((lines) => lines.find((line) => line.includes('/console/setup?token=')));
  expect(new Set(links).size).toBe(1);
  expect(links[0]).toBeDefined();
  expect(new Set(secrets).size).toBe(1);
});

it('sends each queued email once when two nodes claim from the outbox at the same moment', async () => {
  const { stores } = await nodes(2);
  const [a, b] = [stores[0]!, stores[1]!];
  const site = await a.sites.create({ name: 'Shop', origins: [] });
  const agent = await a.agents.create({ email: 'ann@shop.example', name: 'Ann', role: 'agent', passwordHash: 'x' });
  const sender = mailSender({ publicUrl: 'https://chat.shop.example', mailFrom: 'Shop <chat@shop.example>', repliesByEmail: false, mailRetryBaseMs: 1000, mailMaxAttempts: 30, reconnectGraceMs: 0 }, 'secret');
  for (let i = 0; i < 12; i++) {
    const visitor = await a.visitors.create({ siteId: site.id, tokenHash: `h${i}` });
    await a.visitors.update(visitor.id, { email: `v${i}@example.com` });
    const conversation = await a.conversations.ensureOfVisitor({ siteId: site.id, visitorId: visitor.id, at: 1 });
    await a.messages.append(conversation, { clientId: 'r', text: 'Back in stock', at: 2, author: 'agent', agentId: agent.id });
    const draft = (await a.mail.fallbackDraft(conversation.id, 5))!;
    await a.mail.queueFallback(draft, await composeFallback(draft, sender, 10), 10);
  }
  const drain = async (store: Store) => {
    const claimed: string[] = [];
    for (let next = await store.mail.claimDueEmail(10, 60); next.claimed; next = await store.mail.claimDueEmail(10, 60)) claimed.push(next.claimed.id);
    return claimed;
  };
  const [byA, byB] = await Promise.all([drain(a), drain(b)]);
  const all = [...byA, ...byB];
  expect(all).toHaveLength(12);
  expect(new Set(all).size).toBe(12);
});

/** `n` nodes' cores on one new database, each on its own ports (the bus and presence are per node here: Redis is another suite's). */
async function cores(n: number) {
  const url = await server.createDatabase();
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-nodes-'));
  const config = readConfig({ PARLEY_DATA_DIR: dataDir, PARLEY_DATABASE_URL: url });
  const store = await openPostgresStore(url);
  const all = await Promise.all(Array.from({ length: n }, async () => createCore(await openPorts(config), coreOptions(config))));
  onTestFinished(async () => {
    await Promise.all([...all.map((core) => core.close()), store.close()]);
    rmSync(dataDir, { recursive: true, force: true });
  });
  return { cores: all, store, config };
}

it('lets the setup link create one admin when two nodes take it at the same moment', { timeout: 30_000 }, async () => {
  const { cores: [a, b], store, config } = await cores(2);
  const token = /token=(\S+)/.exec((await firstStart(store, config.publicUrl)).join('\n'))![1]!;
  const uses = [a!, b!].flatMap((core, node) => [0, 1, 2].map((i) => core.auth.setup({ token, email: `boss${node}${i}@shop.example`, name: 'Boss', password: 'long enough' })));
  const results = await Promise.allSettled(uses);
  expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
  expect((await store.agents.list()).map((agent) => agent.role)).toEqual(['admin']);
});

it('closes a conversation once when agents on two nodes close it at the same moment: one closing message, one event', { timeout: 30_000 }, async () => {
  const { cores: [a, b], store } = await cores(2);
  const site = await store.sites.create({ name: 'Shop', origins: [] });
  const visitor = await store.visitors.create({ siteId: site.id, tokenHash: 'h' });
  const conversation = await store.conversations.ensureOfVisitor({ siteId: site.id, visitorId: visitor.id, at: 1 });
  await store.messages.append(conversation, { clientId: 'c', text: 'Thanks, that was all', at: 1, author: 'visitor', agentId: null });
  const admins = await Promise.all(['ann', 'ben'].map((name) => store.agents.create({ email: `${name}@shop.example`, name, role: 'admin', passwordHash: 'x' })));
  await Promise.all([a!.conversations.close(admins[0]!, conversation.id, 'Bye!'), b!.conversations.close(admins[1]!, conversation.id, 'Bye!')]);
  const said = (await store.messages.since(conversation.id, 0)).map((m) => m.event ?? m.text);
  expect(said).toEqual(['Thanks, that was all', 'Bye!', 'closed']);
});

it('keeps an enabled admin when two nodes disable the last two at the same moment', { timeout: 30_000 }, async () => {
  const { cores: [a, b], store } = await cores(2);
  const admins = await Promise.all(['ann', 'ben'].map((name) => store.agents.create({ email: `${name}@shop.example`, name, role: 'admin', passwordHash: 'x' })));
  const results = await Promise.allSettled([a!.agents.change(admins[0]!.id, { disabled: true }), b!.agents.change(admins[1]!.id, { disabled: true })]);
  expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
  expect((await store.agents.list()).filter((agent) => agent.disabledAt === null)).toHaveLength(1);
});
