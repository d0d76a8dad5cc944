/** The Store contract on SQLite, plus what only SQLite can show: statements per list page, and misuse of the lock. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_LIST_QUERY } from '@parley/protocol';
import { expect, it } from 'vitest';
import { openSqliteStore } from '../../src/adapters/sqlite/store.ts';
import { describeHistory } from './history.contract.ts';
import { describeStore } from './store.contract.ts';
import { describeTemplateStore } from './templates.contract.ts';

function sqliteFixture() {
  const dir = mkdtempSync(join(tmpdir(), 'parley-store-'));
  let store = openSqliteStore(join(dir, 'parley.db'));
  return {
    get store() {
      return store;
    },
    async reopen() {
      await store.close();
      store = openSqliteStore(join(dir, 'parley.db'));
      return store;
    },
    openCopy: async (file: string) => openSqliteStore(file),
    scratch: (name: string) => join(dir, name),
    async destroy() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

describeStore('SQLite', async () => sqliteFixture());
describeHistory('SQLite', async () => sqliteFixture());
describeTemplateStore('SQLite', async () => sqliteFixture());

it('reads a list page in the same number of statements whatever its length', async () => {
  const fixture = sqliteFixture();
  const { store } = fixture;
  const site = await store.sites.create({ name: 'Shop', origins: [] });
  const agent = await store.agents.create({ email: 'ann@shop.example', name: 'Ann', role: 'agent', passwordHash: 'x' });
  for (let i = 0; i < 60; i++) {
    const visitor = await store.visitors.create({ siteId: site.id, tokenHash: `h${i}` });
    const conversation = await store.conversations.ensureOfVisitor({ siteId: site.id, visitorId: visitor.id, at: i });
    await store.messages.append(conversation, { clientId: 'a', text: 'hi', at: i, author: 'visitor', agentId: null });
    await store.conversations.join(conversation.id, agent.id, i);
  }
  const statements = async (limit: number) => {
    let count = 0;
    const prepare = store.sqlite.prepare.bind(store.sqlite);
    store.sqlite.prepare = ((source: string) => {
      count++;
      return prepare(source);
    }) as typeof store.sqlite.prepare;
    const rows = await store.conversations.list({ scope: { whole: [site.id], unassignedOrOwn: [], agentId: 'x' }, agentId: 'x', query: DEFAULT_LIST_QUERY, online: [], after: null, limit });
    store.sqlite.prepare = prepare;
    expect(rows).toHaveLength(limit);
    return count;
  };
  expect(await statements(5)).toBe(await statements(60));
  await fixture.destroy();
});

it('refuses a call on the store itself from inside a transaction, which would wait on itself', async () => {
  const fixture = sqliteFixture();
  const { store } = fixture;
  await expect(store.transaction(async () => store.sites.list())).rejects.toThrow(/use its handle/);
  expect(await store.sites.list()).toEqual([]);
  await fixture.destroy();
});
