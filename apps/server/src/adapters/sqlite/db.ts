/** Opens the SQLite database and brings its schema up to date with the committed migrations. */
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { type BetterSQLite3Database, drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { SERVER_ROOT } from '../../paths.ts';
import * as schema from './schema.ts';

export type Db = BetterSQLite3Database<typeof schema>;

const MIGRATIONS = join(SERVER_ROOT, 'drizzle');

export function openDatabase(file: string): { db: Db; sqlite: Database.Database } {
  mkdirSync(dirname(file), { recursive: true });
  const sqlite = new Database(file);
  // WAL lets the CLI read (and back up) while the server writes; NORMAL is durable across process crashes.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = drizzle({ client: sqlite, schema });
  try {
    migrate(db, { migrationsFolder: MIGRATIONS });
  } catch (error) {
    // drizzle reads which migrations are applied before its transaction: a second node starting at
    // the same moment on this data dir applies them again, and fails once the first has committed.
    if (!fullyMigrated(sqlite)) throw error;
  }
  return { db, sqlite };
}

/** Whether every committed migration is recorded as applied (by this process or another). */
function fullyMigrated(sqlite: Database.Database): boolean {
  const { entries } = JSON.parse(readFileSync(join(MIGRATIONS, 'meta/_journal.json'), 'utf8')) as { entries: unknown[] };
  return sqlite.prepare('SELECT count(*) FROM __drizzle_migrations').pluck().get() === entries.length;
}
