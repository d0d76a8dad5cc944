/**
 * Several nodes on one PostgreSQL database, each with its own store (its own pool): they migrate
 * once, keep seqs gapless when they append to one conversation together, make the first
 * start's demo site, setup token and server secret once, and never claim one email twice.
 */
import { afterAll, beforeAll, expect, it, onTestFinished } from 'vitest';
import pg from 'pg';
import { openPostgresStore } from '../src/adapters/postgres/store.ts';
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
