/** Jobs on a temporary SQLite file with the real migrations, the way the store will open them. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../src/adapters/sqlite/db.ts';
import { createSqliteJobs } from '../../src/adapters/sqlite/jobs.ts';
import type { Jobs } from '../../src/ports/jobs.ts';

/** A fresh database file; `remove` deletes its folder. */
export function tempDatabase(): { file: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'parley-jobs-'));
  return { file: join(dir, 'parley.db'), remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Jobs on their own connection to `file`, each write in one BEGIN IMMEDIATE transaction. */
export function openJobs(file: string): { jobs: Jobs; close(): void } {
  const { db, sqlite } = openDatabase(file);
  const jobs = createSqliteJobs(db, (fn) => Promise.resolve(sqlite.transaction(fn).immediate()));
  return { jobs, close: () => sqlite.close() };
}
