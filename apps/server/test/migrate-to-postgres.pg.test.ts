/**
 * `pnpm parley migrate-to-postgres URL` as the operator runs it: every table of a SQLite data dir
 * copied into an empty PostgreSQL database with its ids, the counts printed; a second run refused;
 * and with PARLEY_DATABASE_URL set, the CLI works on the copy.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { getTableName, is } from 'drizzle-orm';
import { PgTable } from 'drizzle-orm/pg-core';
import { SQLiteTable } from 'drizzle-orm/sqlite-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createDiskFileStore } from '../src/adapters/files/disk.ts';
import { openDatabase } from '../src/adapters/postgres/db.ts';
import { createPostgresFileStore } from '../src/adapters/postgres/file-store.ts';
import * as pgSchema from '../src/adapters/postgres/schema.ts';
import { openPostgresStore } from '../src/adapters/postgres/store.ts';
import * as sqliteSchema from '../src/adapters/sqlite/schema.ts';
import { openSqliteStore } from '../src/adapters/sqlite/store.ts';
import { composeFallback, mailSender } from '../src/core/mail/compose.ts';
import { startPostgres, type TestPostgres } from './support/postgres.ts';

const SERVER = new URL('..', import.meta.url).pathname;
let server: TestPostgres;
let dataDir: string;
beforeAll(async () => {
  server = await startPostgres();
  dataDir = mkdtempSync(join(tmpdir(), 'parley-move-'));
}, 60_000);
afterAll(async () => {
  await server.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function parley(args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], { cwd: SERVER, env: { ...process.env, PARLEY_DATA_DIR: dataDir, ...env } });
    return { code: 0, stdout: stdout.trim(), stderr: stderr.trim() };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout.trim(), stderr: e.stderr.trim() };
  }
}

const FILE_ID = 'F'.repeat(21);
const FILE_BYTES = new Uint8Array([137, 80, 78, 71, 1, 2, 3]);

/** A shop with a row in every table: sites, team, agent and session, visitor and token, a conversation with messages and a file, an event, an email awaiting confirmation, a job, a notification and a read mark, a scheduled message and a context record, a template and a call room, a linked visitor, event parameters and a log entry. */
async function fillSqlite() {
  const store = openSqliteStore(join(dataDir, 'parley.db'));
  const site = await store.sites.create({ name: 'Shop', origins: ['https://shop.example'] });
  await store.teams.create({ name: 'sales', mode: 'grab' });
  const agent = await store.agents.create({ email: 'ann@shop.example', name: 'Ann', role: 'admin', teams: ['sales'], passwordHash: 'x' });
  await store.sessions.create({ tokenHash: 's', agentId: agent.id, expiresAt: 2e12 });
  const visitor = await store.visitors.create({ siteId: site.id, tokenHash: 'v' });
  await store.visitors.update(visitor.id, { email: 'ada@example.com', name: 'Ada' });
  const conversation = await store.conversations.ensureOfVisitor({ siteId: site.id, visitorId: visitor.id, at: 1 });
  await store.messages.append(conversation, { clientId: 'c1', text: 'Is the blue mug back?', at: 1_700_000_000_000, author: 'visitor', agentId: null });
  await store.conversations.join(conversation.id, agent.id, 1_700_000_000_500);
  await store.messages.recordEvent(conversation.id, { event: 'joined', agentId: agent.id, at: 1_700_000_000_500 });
  await store.messages.recordEvent(conversation.id, { event: 'details', agentId: null, params: { field: 'phone', value: '+46 70 1' }, at: 1_700_000_000_600 });
  // Ada on a second device, linked to her first; and a call an agent logged.
  const laptop = await store.visitors.create({ siteId: site.id, tokenHash: 'laptop' });
  await store.customers.link(laptop.id, visitor.id);
  await store.customers.addLog({ customerId: visitor.id, agentId: agent.id, kind: 'call', minutes: 5, text: 'asked about delivery', at: 1_700_000_000_700 });
  await store.messages.append(conversation, { clientId: 'c2', text: 'Yes, since Monday', at: 1_700_000_001_000, author: 'agent', agentId: agent.id });
  // A file message, its bytes in uploads/ (the disk FileStore): they move into the files table.
  const attachment = { id: FILE_ID, name: 'mug.png', size: FILE_BYTES.length, type: 'image/png', image: true, width: 1, height: 1 };
  await store.messages.append(conversation, { clientId: 'c2f', text: 'mug.png', at: 1_700_000_001_100, author: 'agent', agentId: agent.id, attachment });
  await createDiskFileStore(join(dataDir, 'uploads')).put(FILE_ID, FILE_BYTES);
  const draft = (await store.mail.fallbackDraft(conversation.id, 5))!;
  const sender = mailSender({ publicUrl: 'https://chat.shop.example', mailFrom: 'Shop <chat@shop.example>', repliesByEmail: false, mailRetryBaseMs: 1000, mailMaxAttempts: 30, reconnectGraceMs: 0 }, 'secret');
  await store.mail.queueFallback(draft, await composeFallback(draft, sender, 1_700_000_002_000, 'confirmation'), 1_700_000_002_000, 'confirm');
  await store.jobs.schedule({ kind: 'auto-close', key: conversation.id, at: 1_700_000_900_000, payload: { after: [1, 2] } });
  await store.notifications.add([{ agentId: agent.id, kind: 'message', conversationId: conversation.id, visitorName: 'Ada', text: 'Is the blue mug back?', at: 1_700_000_000_000 }]);
  await store.notifications.markSeen(agent.id, conversation.id, 1);
  await store.pendingMessages.add({ siteId: site.id, visitorId: visitor.id, agentId: agent.id, text: 'The blue mug is back!', sendAt: 1_700_000_500_000, createdAt: 1_700_000_001_500 });
  await store.contextRecords.put({ visitorId: visitor.id, type: 'order', id: '1234', label: 'Order #1234', url: 'https://shop.example/orders/1234', agentId: null, at: 1_700_000_000_100 }, 20);
  await store.templates.create({ ownerId: agent.id, shortcut: 'mugs', body: 'Mugs ship in 2 days.', at: 1_700_000_003_000 });
  await store.callRooms.roomOf(conversation.id, 'room1');
  await store.meta.set('server_secret', 'kept');
  await store.close();
  return conversation.id;
}

const tablesOf = <T>(schema: Record<string, unknown>, kind: new (...args: never[]) => T) => new Map((Object.values(schema) as unknown[]).filter((v): v is T => is(v, kind as never)).map((table) => [getTableName(table as never), table]));
const sorted = (rows: unknown[]) => rows.map((row) => JSON.stringify(row)).sort();

it('copies every table, ids kept, into an empty database; refuses a second time; the CLI then works on PostgreSQL', { timeout: 60_000 }, async () => {
  const conversationId = await fillSqlite();
  const url = await server.createDatabase();
  const sqliteTables = tablesOf(sqliteSchema, SQLiteTable);
  const pgTables = tablesOf(pgSchema, PgTable);
  const source = openSqliteStore(join(dataDir, 'parley.db'));
  const before = new Map([...sqliteTables].map(([name, table]) => [name, source.db.select().from(table).all()]));
  // Every table has rows, so every table's copy is checked.
  expect([...before].filter(([, rows]) => rows.length === 0).map(([name]) => name)).toEqual([]);

  const moved = await parley(['migrate-to-postgres', url]);
  expect(moved.code).toBe(0);
  expect(moved.stdout).toContain(`Copied ${[...before.values()].reduce((n, rows) => n + rows.length, 1)} rows`);
  expect(moved.stdout).toMatch(/^  files +1$/m);
  for (const [name, rows] of before) expect(moved.stdout).toMatch(new RegExp(`^  ${name} +${rows.length}$`, 'm'));

  const { db, pool } = await openDatabase(url);
  for (const [name, rows] of before) expect(sorted(await db.select().from(pgTables.get(name)!)), name).toEqual(sorted(rows));
  await pool.end();

  const target = await openPostgresStore(url);
  expect(await createPostgresFileStore(target.pool).get(FILE_ID)).toEqual(FILE_BYTES);
  expect(await target.messages.since(conversationId, 0)).toEqual(await source.messages.since(conversationId, 0));
  const conversation = (await target.conversations.byId(conversationId))!;
  expect((await target.messages.append(conversation, { clientId: 'c3', text: 'Thanks!', at: 1_700_000_003_000, author: 'visitor', agentId: null })).message.seq).toBe(conversation.lastSeq + 1);
  await target.close();
  await source.close();

  const again = await parley(['migrate-to-postgres', url]);
  expect(again).toMatchObject({ code: 1, stderr: expect.stringMatching(/not empty .*copies only into an empty one/) });
  const listed = await parley(['site', 'list'], { PARLEY_DATABASE_URL: url });
  expect(listed.stdout).toMatch(/\tShop\thttps:\/\/shop\.example$/);
  expect((await parley(['migrate-to-postgres'])).code).toBe(2);
});
