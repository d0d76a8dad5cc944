/**
 * The Store on PostgreSQL (node-postgres pool + drizzle). Every call runs in a transaction of its
 * own, or in the one `transaction(fn)` opened: all of fn's statements on that transaction's one
 * client, at READ COMMITTED, with the rows a read-then-write depends on locked (repositories.ts).
 * A deadlock or serialization failure runs fn again (the port allows it: fn does store work
 * only). A database that cannot take writes now is the port's StoreUnavailableError.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { execFile } from 'node:child_process';
import { renameSync, rmSync } from 'node:fs';
import { promisify } from 'node:util';
import { drizzle } from 'drizzle-orm/node-postgres';
import type pg from 'pg';
import { StoreUnavailableError } from '../../ports/errors.ts';
import type { Store, StoreTx } from '../../ports/store.ts';
import { type Db, openDatabase, sqlState } from './db.ts';
import { repositories } from './repositories.ts';

/** Deadlock, serialization failure: nothing was stored, and running the transaction again may well succeed. */
const RETRIED = new Set(['40001', '40P01']);
const ATTEMPTS = 5;

/**
 * Whether the database cannot take this now, and the same may succeed later: classes 08
 * (connection), 53 (disk, memory, connections full), 57P0x (shutting down, starting up), a
 * read-only server (25006: a standby, mid failover) and a connection lost on the way. A connection
 * lost during COMMIT may have stored the transaction: senders retry by client id, which stores a
 * message once either way.
 */
function unavailable(error: unknown): boolean {
  const state = sqlState(error);
  if (state) return /^(08|53|57P0)/.test(state) || state === '25006';
  const cause = rootCause(error);
  return ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE'].includes(String((cause as { code?: unknown }).code)) || /Connection terminated/.test(cause.message);
}

/** The driver's own error under drizzle's wrapper, whose message carries the query's parameters (visitors' words): never logged. */
function rootCause(error: unknown): Error {
  let e = error instanceof Error ? error : new Error(String(error));
  while (e.cause instanceof Error) e = e.cause;
  return e;
}

/** What the store's callers may act on: "the database cannot take this now, try again later"; anything else as raised. */
function storeError(error: unknown): unknown {
  if (!unavailable(error)) return error;
  // The operator's to fix, and nothing else says so: senders only hear "try again".
  console.error(`The database refused a write: ${rootCause(error).message}. Writes resume by themselves once it takes them again.`);
  return new StoreUnavailableError('Not stored: the database cannot take writes now. Try again in a while.', { cause: error });
}

/** The port's methods, each run through `call` with the repositories of its own transaction. */
function facade(call: (use: (tx: StoreTx) => Promise<unknown>) => Promise<unknown>): StoreTx {
  // For its shape only: making the repositories runs no statement.
  const shape = repositories(null as unknown as Db, false);
  const out: Record<string, Record<string, unknown>> = {};
  for (const [name, repository] of Object.entries(shape)) {
    const methods: Record<string, unknown> = {};
    for (const method of Object.keys(repository as object)) {
      methods[method] = (...args: unknown[]) => call((tx) => (tx as unknown as Record<string, Record<string, (...a: unknown[]) => Promise<unknown>>>)[name]![method]!(...args));
    }
    out[name] = methods;
  }
  return out as unknown as StoreTx;
}

export async function openPostgresStore(url: string, options: { max?: number } = {}): Promise<Store & { db: Db; pool: pg.Pool }> {
  const { db, pool } = await openDatabase(url, options);
  /** Set while a transaction's callback runs: a call on the Store itself from inside it would take a second connection, and could wait on the first. */
  const inTransaction = new AsyncLocalStorage<true>();

  /**
   * The repositories of each pooled connection, made once: building them (drizzle and its query
   * builders) costs more CPU than the round trips of a small transaction, and every store call is one.
   */
  const made = new WeakMap<pg.PoolClient, { deciding: StoreTx; plain: StoreTx }>();
  const repositoriesOf = (client: pg.PoolClient, deciding: boolean) => {
    let both = made.get(client);
    if (!both) {
      const db = drizzle({ client }) as unknown as Db;
      both = { deciding: repositories(db, true), plain: repositories(db, false) };
      made.set(client, both);
    }
    return deciding ? both.deciding : both.plain;
  };

  /** One attempt on a client of its own, in BEGIN … COMMIT, the client going back to the pool only if it still works. */
  const attempt = async <T>(fn: (tx: StoreTx) => Promise<T>, deciding: boolean): Promise<T> => {
    const client = await pool.connect();
    // A connection dying between two statements reports here, not to a query: unheard, it would end the process.
    const lost = (error: Error) => console.error('A PostgreSQL connection was lost in a transaction:', error.message);
    client.on('error', lost);
    let failure: unknown;
    try {
      await client.query('BEGIN');
      try {
        const result = await inTransaction.run(true, () => fn(repositoriesOf(client, deciding)));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
    } catch (error) {
      failure = error;
      throw error;
    } finally {
      client.off('error', lost);
      client.release(failure !== undefined && unavailable(failure));
    }
  };

  /** `deciding`: a command's transaction, whose reads lock (see repositories.ts); false: one call of the port's. */
  const run = async <T>(fn: (tx: StoreTx) => Promise<T>, deciding: boolean): Promise<T> => {
    if (inTransaction.getStore()) throw new Error('Inside a transaction, use its handle (tx), not the store.');
    for (let tries = 1; ; tries++) {
      try {
        return await attempt(fn, deciding);
      } catch (error) {
        if (tries < ATTEMPTS && RETRIED.has(sqlState(error) ?? '')) continue;
        throw storeError(error);
      }
    }
  };

  return {
    ...facade((use) => run(use, false)),
    db,
    pool,
    transaction: (fn) => run(fn, true),
    async backup(file) {
      // A consistent snapshot of a live database is pg_dump's job; written beside the target and renamed, as on SQLite.
      const partial = `${file}.partial`;
      rmSync(partial, { force: true });
      try {
        // The password goes by environment: a command line is readable by every user of the machine.
        const target = new URL(url);
        const password = decodeURIComponent(target.password);
        target.password = '';
        await promisify(execFile)('pg_dump', ['--format=custom', '--file', partial, '--dbname', target.href], { env: { ...process.env, ...(password ? { PGPASSWORD: password } : {}) } });
        renameSync(partial, file);
      } catch (error) {
        rmSync(partial, { force: true });
        const missing = error instanceof Error && 'code' in error && error.code === 'ENOENT';
        throw missing ? new Error('Backing up a PostgreSQL database needs pg_dump (apt-get install postgresql-client), or run pg_dump yourself.', { cause: error }) : error;
      }
    },
    close: () => pool.end(),
  };
}
