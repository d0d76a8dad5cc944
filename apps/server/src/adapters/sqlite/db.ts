/** Opens the SQLite database and brings its schema up to date with the committed migrations. */
import { mkdirSync } from 'node:fs';
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
  migrate(db, { migrationsFolder: MIGRATIONS });
  return { db, sqlite };
}
