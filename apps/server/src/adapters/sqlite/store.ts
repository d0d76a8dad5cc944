/**
 * The Store on SQLite. The repositories (repositories.ts) are synchronous functions of a drizzle
 * handle; the Store wraps them in one write lock. Transactions asked for in
 * the same turn of the event loop are committed together (group commit), and none resolves before
 * that commit: an ack sent after `transaction` means stored. Should one of a group throw, the
 * group is rolled back and each runs again alone, so one failure never undoes its neighbours.
 * A full disk is the port's StoreUnavailableError: the whole transaction is rolled back then (by
 * SQLite itself, or by the store where SQLite undid one statement only), so nothing of the command
 * may run on outside it.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { renameSync, rmSync } from 'node:fs';
import type Database from 'better-sqlite3';
import { StoreUnavailableError } from '../../ports/errors.ts';
import type { Store, StoreTx } from '../../ports/store.ts';
import { type Db, openDatabase } from './db.ts';
import { repositories } from './repositories.ts';

type Sync = ReturnType<typeof repositories>;

/** Turns each synchronous repository method into the port's async one, through `wrap`. */
function facade(sync: Sync, wrap: (call: () => unknown) => Promise<unknown>): StoreTx {
  const out: Record<string, Record<string, unknown>> = {};
  for (const [name, repository] of Object.entries(sync)) {
    const methods: Record<string, unknown> = {};
    for (const [method, fn] of Object.entries(repository as Record<string, (...args: unknown[]) => unknown>)) {
      methods[method] = (...args: unknown[]) => wrap(() => fn(...args));
    }
    out[name] = methods;
  }
  return out as unknown as StoreTx;
}

/** What the store's callers may act on: "the disk is full, try again later"; anything else as SQLite raised it. */
const isDiskFull = (error: unknown) => error instanceof Error && 'code' in error && error.code === 'SQLITE_FULL';

function storeError(error: unknown): unknown {
  if (!isDiskFull(error)) return error;
  // The operator's to fix, and nothing else says so: senders only hear "try again".
  console.error('The database refused a write: its disk is full. Free some space; writes resume by themselves.');
  return new StoreUnavailableError("Not stored: the server's disk is full. Try again in a while.", { cause: error });
}

interface Pending {
  fn: (tx: StoreTx) => Promise<unknown>;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

export function openSqliteStore(file: string): Store & { db: Db; sqlite: Database.Database; exclusive: <T>(fn: () => T) => Promise<T> } {
  const { db, sqlite } = openDatabase(file);
  const sync = repositories(db, sqlite);
  /** Set while a transaction's callback runs: a call on the Store itself from inside it would wait on itself forever. */
  const inTransaction = new AsyncLocalStorage<true>();
  let tail: Promise<unknown> = Promise.resolve();
  /** Runs `fn` alone: nothing else touches the connection until it settles. */
  const locked = <T>(fn: () => T | Promise<T>): Promise<T> => {
    if (inTransaction.getStore()) throw new Error('Inside a transaction, use its handle (tx), not the store.');
    const run = tail.then(fn);
    tail = run.catch(() => undefined);
    return run;
  };
  const begin = sqlite.prepare('BEGIN IMMEDIATE');
  const commit = sqlite.prepare('COMMIT');
  const rollback = sqlite.prepare('ROLLBACK');
  /** Runs `fn` in a write transaction of its own, under the lock. */
  const exclusive = <T>(fn: () => T): Promise<T> =>
    locked(() => {
      begin.run();
      try {
        const result = fn();
        commit.run();
        return result;
      } catch (error) {
        if (sqlite.inTransaction) rollback.run();
        throw storeError(error);
      }
    });

  // After SQLite rolled a transaction back by itself, a command that caught the error would go on
  // writing outside any transaction, each statement committed alone: refuse it instead.
  const inside = facade(sync, async (call) => {
    if (!sqlite.inTransaction) throw new StoreUnavailableError('Not stored: the transaction was rolled back (is the disk full?). Try again in a while.');
    try {
      return call();
    } catch (error) {
      // A statement that fires triggers (the search index's on messages) has a journal of its own:
      // on a full disk SQLite undoes that statement alone and keeps the transaction open, with the
      // command's earlier writes (the seq it took). Ended here, all of it goes, as for any other.
      if (isDiskFull(error) && sqlite.inTransaction) rollback.run();
      throw error;
    }
  });
  const outside = facade(sync, (call) => exclusive(call));

  let pending: Pending[] = [];
  type Result = { ok: true; value: unknown } | { ok: false; error: unknown };
  /** Runs each of `fns` inside the open transaction; stops at the first that throws. */
  const runAll = async (fns: Pending['fn'][]): Promise<Result[] | null> => {
    const results: Result[] = [];
    for (const fn of fns) {
      try {
        results.push({ ok: true, value: await inTransaction.run(true, () => fn(inside)) });
      } catch {
        return null;
      }
    }
    return results;
  };
  /** One transaction for one command, for the rare group in which one failed. */
  const runAlone = async (fn: Pending['fn']): Promise<Result> => {
    begin.run();
    try {
      const value = await inTransaction.run(true, () => fn(inside));
      commit.run();
      return { ok: true, value };
    } catch (error) {
      if (sqlite.inTransaction) rollback.run();
      return { ok: false, error: storeError(error) };
    }
  };
  const commitGroup = async () => {
    const group = pending;
    pending = [];
    let results: Result[] | null;
    try {
      begin.run();
      results = await runAll(group.map((p) => p.fn));
      if (results) commit.run();
      // A full disk has rolled it back already.
      else if (sqlite.inTransaction) rollback.run();
    } catch (error) {
      // The commit itself failed (a full disk): nothing of the group is stored, so nothing may be acked.
      if (sqlite.inTransaction) rollback.run();
      for (const { reject } of group) reject(storeError(error));
      return;
    }
    // One command failed and took the group's transaction with it: each runs again alone, so
    // only that one fails. A command is store work only, so running it again is safe.
    results ??= await group.reduce<Promise<Result[]>>(async (done, { fn }) => [...(await done), await runAlone(fn)], Promise.resolve([]));
    group.forEach(({ resolve, reject }, i) => {
      const result = results[i]!;
      if (result.ok) resolve(result.value);
      else reject(result.error);
    });
  };

  return {
    ...outside,
    db,
    sqlite,
    exclusive,
    transaction<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T> {
      if (inTransaction.getStore()) throw new Error('Transactions do not nest: use the handle you were given.');
      return new Promise<T>((resolve, reject) => {
        // The first of a turn books the commit; the others of the same turn join its group.
        if (pending.length === 0) setImmediate(() => void locked(commitGroup));
        pending.push({ fn: fn as Pending['fn'], resolve: resolve as Pending['resolve'], reject });
      });
    },
    backup: (file) =>
      // One statement, one read snapshot: the online backup API starts over whenever another
      // process commits between its steps, so beside a busy server it might never finish. Written
      // beside the target and renamed over it, an older backup is only ever replaced by a whole one.
      locked(() => {
        const partial = `${file}.partial`;
        rmSync(partial, { force: true });
        try {
          sqlite.prepare('VACUUM INTO ?').run(partial);
          renameSync(partial, file);
        } catch (error) {
          rmSync(partial, { force: true });
          throw error;
        }
      }),
    async close() {
      await tail;
      sqlite.close();
    },
  };
}
