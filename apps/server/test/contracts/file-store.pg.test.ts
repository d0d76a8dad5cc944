/** The FileStore contract on PostgreSQL (the `files` table), on a database migrated as the server does. */
import { afterAll, beforeAll } from 'vitest';
import { createPostgresFileStore } from '../../src/adapters/postgres/file-store.ts';
import { openPostgresStore } from '../../src/adapters/postgres/store.ts';
import { startPostgres, type TestPostgres } from '../support/postgres.ts';
import { describeFileStore } from './file-store.contract.ts';

let server: TestPostgres;
beforeAll(async () => {
  server = await startPostgres();
}, 60_000);
afterAll(() => server.stop());

describeFileStore('PostgreSQL', async () => {
  const url = await server.createDatabase();
  const stores = [await openPostgresStore(url)];
  return {
    files: createPostgresFileStore(stores[0]!.pool),
    async reopen() {
      const store = await openPostgresStore(url);
      stores.push(store);
      return createPostgresFileStore(store.pool);
    },
    destroy: async () => {
      await Promise.all(stores.map((s) => s.close()));
    },
  };
});
