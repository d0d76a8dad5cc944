/** PARLEY_DATABASE_URL picks the PostgreSQL store and its jobs; a server on it without PARLEY_REDIS_URL refuses to start, saying why. */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readConfig } from '../src/config.ts';
import { openPorts, startServer } from '../src/server.ts';
import { startPostgres, type TestPostgres } from './support/postgres.ts';

let server: TestPostgres;
let dataDir: string;
beforeAll(async () => {
  server = await startPostgres();
  dataDir = mkdtempSync(join(tmpdir(), 'parley-select-'));
}, 60_000);
afterAll(async () => {
  await server.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

it('reads PARLEY_DATABASE_URL and PARLEY_REDIS_URL, and refuses what is no such URL', () => {
  expect(readConfig({})).toMatchObject({ databaseUrl: null, redisUrl: null });
  expect(readConfig({ PARLEY_DATABASE_URL: 'postgres://u:p@db:5432/parley', PARLEY_REDIS_URL: 'redis://cache:6379' })).toMatchObject({ databaseUrl: 'postgres://u:p@db:5432/parley', redisUrl: 'redis://cache:6379' });
  expect(() => readConfig({ PARLEY_DATABASE_URL: 'mysql://db/parley' })).toThrow(/PARLEY_DATABASE_URL must look like postgres:\/\//);
  expect(() => readConfig({ PARLEY_REDIS_URL: 'cache:6379' })).toThrow(/PARLEY_REDIS_URL must look like redis:\/\//);
});

it('refuses to start a server on PostgreSQL without Redis, before touching either', async () => {
  const config = readConfig({ PARLEY_DATA_DIR: dataDir, PORT: '0', PARLEY_DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' });
  await expect(startServer(config)).rejects.toThrow(/PARLEY_DATABASE_URL is set but PARLEY_REDIS_URL is not.*Set PARLEY_REDIS_URL/);
});

it('opens the PostgreSQL store and its jobs when PARLEY_DATABASE_URL is set, and no SQLite file', async () => {
  const url = await server.createDatabase();
  const ports = await openPorts(readConfig({ PARLEY_DATA_DIR: dataDir, PARLEY_DATABASE_URL: url }));
  await ports.store.sites.create({ name: 'Shop', origins: [] });
  await ports.jobs.schedule({ kind: 'tick', key: 'k', at: 5 });
  await ports.store.close();
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const { rows } = await client.query("SELECT (SELECT count(*) FROM sites)::int AS sites, (SELECT count(*) FROM jobs WHERE key = 'k')::int AS jobs");
  await client.end();
  expect(rows[0]).toEqual({ sites: 1, jobs: 1 });
  expect(existsSync(join(dataDir, 'parley.db'))).toBe(false);
});
