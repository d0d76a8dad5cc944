/** The Jobs contract on PostgreSQL, unchanged: two nodes' jobs on two pools of one database. */
import { afterAll, beforeAll } from 'vitest';
import { openDatabase } from '../../src/adapters/postgres/db.ts';
import { createPostgresJobs } from '../../src/adapters/postgres/jobs.ts';
import { startPostgres, type TestPostgres } from '../support/postgres.ts';
import { describeJobs } from './jobs.contract.ts';

let server: TestPostgres;
beforeAll(async () => {
  server = await startPostgres();
}, 60_000);
afterAll(() => server.stop());

describeJobs(async () => {
  const url = await server.createDatabase();
  const one = await openDatabase(url, { max: 4 });
  const two = await openDatabase(url, { max: 4 });
  return {
    nodes: [createPostgresJobs(one.db), createPostgresJobs(two.db)],
    async close() {
      await Promise.all([one.pool.end(), two.pool.end()]);
    },
  };
});
