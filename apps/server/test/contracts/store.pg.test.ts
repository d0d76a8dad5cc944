/** The Store contract on PostgreSQL, unchanged; backups are pg_dump archives, restored with pg_restore into a new database. */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll } from 'vitest';
import { openPostgresStore } from '../../src/adapters/postgres/store.ts';
import { startPostgres, type TestPostgres } from '../support/postgres.ts';
import { describeStore } from './store.contract.ts';

let server: TestPostgres;
beforeAll(async () => {
  server = await startPostgres();
}, 60_000);
afterAll(() => server.stop());

describeStore('PostgreSQL', async () => {
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
});
