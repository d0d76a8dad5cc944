/**
 * `pnpm parley migrate-to-postgres URL`: copies every table of the SQLite database into an empty
 * PostgreSQL one, rows and ids as they are. The two schemas name tables and fields alike, so a
 * row read through the one is written through the other unchanged; parents go before the rows
 * that refer to them. One read snapshot of SQLite, one PostgreSQL transaction: all or nothing.
 * The files of messages (`uploads/` beside the database) go into the `files` table, one at a time.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getTableName, is, sql } from 'drizzle-orm';
import { getTableConfig, PgTable } from 'drizzle-orm/pg-core';
import { SQLiteTable } from 'drizzle-orm/sqlite-core';
import { openDatabase as openSqlite } from '../sqlite/db.ts';
import * as sqliteSchema from '../sqlite/schema.ts';
import { openDatabase } from './db.ts';
import * as pgSchema from './schema.ts';

/** PostgreSQL takes at most 65535 parameters a statement. */
const PARAMETERS = 30_000;

/** The PostgreSQL tables, each after every table it refers to. */
function parentsFirst(): PgTable[] {
  const tables = (Object.values(pgSchema) as unknown[]).filter((value): value is PgTable => is(value, PgTable));
  const ordered: PgTable[] = [];
  const visit = (table: PgTable) => {
    if (ordered.includes(table)) return;
    for (const key of getTableConfig(table).foreignKeys) {
      const parent = key.reference().foreignTable;
      if (parent !== table) visit(parent);
    }
    ordered.push(table);
  };
  tables.forEach(visit);
  return ordered;
}

/** The disk FileStore's files: those named by an id (a temporary one is dot-named, and never complete). */
const uploadIds = (dir: string) => (existsSync(dir) ? readdirSync(dir).filter((name) => /^[A-Za-z0-9_-]{21,64}$/.test(name)) : []);

export async function copySqliteToPostgres(file: string, url: string, uploadsDir: string): Promise<Array<{ table: string; rows: number }>> {
  if (!existsSync(file)) throw new Error(`No SQLite database at ${file}: set PARLEY_DATA_DIR to the data directory of the server to move.`);
  const sqliteTables = new Map((Object.values(sqliteSchema) as unknown[]).filter((value): value is SQLiteTable => is(value, SQLiteTable)).map((table) => [getTableName(table), table]));
  const target = parentsFirst();
  const missing = [...sqliteTables.keys()].filter((name) => !target.some((table) => getTableName(table) === name));
  if (missing.length > 0) throw new Error(`The PostgreSQL schema lacks ${missing.join(', ')}: add them to adapters/postgres/schema.ts.`);

  const source = openSqlite(file);
  const { db, pool } = await openDatabase(url);
  try {
    for (const table of target) {
      const [row] = await db.select({ n: sql<number>`count(*)`.mapWith(Number) }).from(table);
      if (row!.n > 0) throw new Error(`The PostgreSQL database is not empty (${getTableName(table)} has ${row!.n} rows): migrate-to-postgres copies only into an empty one.`);
    }
    // One snapshot: a server still writing to the SQLite file cannot tear the copy.
    source.sqlite.exec('BEGIN');
    try {
      return await db.transaction(async (tx) => {
        const counts: Array<{ table: string; rows: number }> = [];
        for (const table of target) {
          const name = getTableName(table);
          if (table === pgSchema.files) {
            const ids = uploadIds(uploadsDir);
            for (const id of ids) await tx.insert(pgSchema.files).values({ id, bytes: readFileSync(join(uploadsDir, id)) });
            counts.push({ table: name, rows: ids.length });
            continue;
          }
          const from = sqliteTables.get(name)!;
          const batch = Math.max(1, Math.floor(PARAMETERS / getTableConfig(table).columns.length));
          let rows = 0;
          for (;;) {
            const page = source.db.select().from(from).orderBy(sql`rowid`).limit(batch).offset(rows).all();
            if (page.length === 0) break;
            await tx.insert(table).values(page as never);
            rows += page.length;
          }
          counts.push({ table: name, rows });
        }
        return counts;
      });
    } finally {
      source.sqlite.exec('COMMIT');
    }
  } finally {
    source.sqlite.close();
    await pool.end();
  }
}
