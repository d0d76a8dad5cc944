/**
 * The Store contract on PostgreSQL, unchanged (backups are pg_dump archives, restored with
 * pg_restore into a new database), plus what only PostgreSQL shows: deadlocks retried, a
 * read-only database as StoreUnavailableError, misuse of a transaction refused.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it, onTestFinished } from 'vitest';
import { openPostgresStore } from '../../src/adapters/postgres/store.ts';
import { StoreUnavailableError } from '../../src/ports/errors.ts';
import { startPostgres, type TestPostgres } from '../support/postgres.ts';
import { describeHistory } from './history.contract.ts';
import { describeStore } from './store.contract.ts';
import { describeTemplateStore } from './templates.contract.ts';

let server: TestPostgres;
beforeAll(async () => {
  server = await startPostgres();
}, 60_000);
afterAll(() => server.stop());

/** A store on a database of its own, for both contract suites. */
async function pgFixture() {
  const url = await server.createDatabase();
  const dir = mkdtempSync(join(tmpdir(), 'parley-pg-store-'));
  let store = await openPostgresStore(url);
  return {
    get store() {
      return store;
    },
    async reopen() {
      await store.close();
      store = await openPostgresStore(url);
      return store;
    },
    async openCopy(file: string) {
      const copy = await server.createDatabase();
      await promisify(execFile)('pg_restore', ['--dbname', copy, file]);
      return openPostgresStore(copy);
    },
    scratch: (name: string) => join(dir, name),
    async destroy() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

describeStore('PostgreSQL', pgFixture);
describeHistory('PostgreSQL', pgFixture);
describeTemplateStore('PostgreSQL', pgFixture);

/** A store on a database of its own, closed when the test ends. */
async function freshStore() {
  const url = await server.createDatabase();
  const store = await openPostgresStore(url);
  onTestFinished(() => store.close());
  return { url, store };
}

it('runs a transaction again when PostgreSQL breaks a deadlock by aborting it, so both commit', async () => {
  const { store } = await freshStore();
  const site = await store.sites.create({ name: 'Shop', origins: [] });
  const conversations = await Promise.all(
    ['a', 'b'].map(async (token) => {
      const visitor = await store.visitors.create({ siteId: site.id, tokenHash: token });
      return store.conversations.ensureOfVisitor({ siteId: site.id, visitorId: visitor.id, at: 1 });
    }),
  );
  // Each holds one conversation's row and then wants the other's: a deadlock on the first attempt, for sure.
  let holding = 0;
  const bothHold = new Promise<void>((resolve) => {
    const check = setInterval(() => holding === 2 && (clearInterval(check), resolve()), 5);
  });
  const runs = { ab: 0, ba: 0 };
  const cross = (name: 'ab' | 'ba', [first, second]: typeof conversations) =>
    store.transaction(async (tx) => {
      runs[name]++;
      await tx.messages.append(first!, { clientId: name, text: name, at: 2, author: 'visitor', agentId: null });
      if (runs[name] === 1) {
        holding++;
        await bothHold;
      }
      await tx.messages.append(second!, { clientId: name, text: name, at: 2, author: 'visitor', agentId: null });
    });
  await Promise.all([cross('ab', conversations), cross('ba', [...conversations].reverse())]);
  expect(runs.ab + runs.ba).toBe(3);
  for (const conversation of conversations) expect((await store.messages.since(conversation!.id, 0)).map((m) => m.seq)).toEqual([1, 2]);
});

it('turns a database that refuses writes (read-only, as a standby mid failover) into StoreUnavailableError, and writes again after', async () => {
  const { url, store } = await freshStore();
  const name = new URL(url).pathname.slice(1);
  const readOnly = async (on: boolean) => {
    await server.query(`ALTER DATABASE ${name} SET default_transaction_read_only = ${on ? 'on' : 'off'}`);
    // The setting applies to new sessions: end the pool's, it opens new ones.
    await server.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${name}'`);
  };
  await store.sites.create({ name: 'Before', origins: [] });
  await readOnly(true);
  const write = () => store.transaction((tx) => tx.sites.create({ name: 'During', origins: [] }));
  // The first may meet a connection the server just ended: unavailable as well.
  await expect(write()).rejects.toBeInstanceOf(StoreUnavailableError);
  await expect(write()).rejects.toBeInstanceOf(StoreUnavailableError);
  expect((await store.sites.list()).map((site) => site.name)).toEqual(['Before']);
  await readOnly(false);
  // Again the first may meet an ended connection; the caller's retry (a client resending by client id) then succeeds.
  await write().catch((error) => expect(error).toBeInstanceOf(StoreUnavailableError));
  await store.sites.create({ name: 'After', origins: [] });
  expect((await store.sites.list()).map((site) => site.name)).toContain('After');
});

it('refuses a call on the store itself from inside a transaction, which would take a second connection', async () => {
  const { store } = await freshStore();
  await expect(store.transaction(async () => store.sites.list())).rejects.toThrow(/use its handle/);
});
