/**
 * Opens a PostgreSQL pool and brings its schema up to date with the committed migrations
 * (drizzle-pg/), under an advisory lock: nodes starting together migrate one after another, and
 * every one after the first finds nothing left to do.
 */
import { join } from 'node:path';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import type { NodePgQueryResultHKT } from 'drizzle-orm/node-postgres';
import type { PgDatabase } from 'drizzle-orm/pg-core';
import pg from 'pg';
import { SERVER_ROOT } from '../../paths.ts';

/** The pool's handle or a transaction's: repositories run on either (through the query builder; no relational queries). */
export type Db = PgDatabase<NodePgQueryResultHKT>;

const MIGRATIONS = join(SERVER_ROOT, 'drizzle-pg');
/** Any fixed number, the same on every node: "parley" in ASCII. */
const MIGRATION_LOCK = 0x7061726c6579;

/** The SQLSTATE of a PostgreSQL error, whether drizzle wrapped it or not. */
export function sqlState(error: unknown): string | undefined {
  for (let e = error; e instanceof Error; e = e.cause) if ('code' in e && typeof e.code === 'string') return e.code;
  return undefined;
}

export async function openDatabase(url: string, options: { max?: number } = {}): Promise<{ db: Db; pool: pg.Pool }> {
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10 });
  // An idle client whose server went away emits 'error' on the pool; unhandled, it would end the process.
  pool.on('error', (error) => console.error('A PostgreSQL connection was lost:', error.message));
  try {
    const client = await pool.connect().catch((error: Error) => {
      const { hostname, port, pathname } = new URL(url);
      throw new Error(`PostgreSQL at ${hostname}:${port || 5432}${pathname} could not be reached (${error.message}): check PARLEY_DATABASE_URL and that the database exists.`, { cause: error });
    });
    // A connection dying between statements reports to the client, not to a query: heard here, it fails the start instead of ending the process.
    client.on('error', (error) => console.error('The PostgreSQL connection was lost while migrating:', error.message));
    try {
      await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
      try {
        await migrate(drizzle({ client }), { migrationsFolder: MIGRATIONS });
      } finally {
        await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
      }
    } finally {
      client.release();
    }
  } catch (error) {
    await pool.end();
    throw error;
  }
  return { db: drizzle({ client: pool }), pool };
}
