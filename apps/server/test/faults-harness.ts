/**
 * What the fault tests share: the real server as a child process they can kill, the scene they
 * prepare in its data dir, and the check that a database holds no half-written state.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openSqliteStore } from '../src/adapters/sqlite/store.ts';
import { hashPassword } from '../src/core/auth/password.ts';
import type { Site } from '../src/ports/store.ts';

export const SERVER_DIR = join(import.meta.dirname, '..');
export const AGENT = { email: 'ann@shop.example', password: 'correct horse' };

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** kill -9: no shutdown of any kind runs. */
  kill(): Promise<void>;
  /** SIGTERM: the clean stop `pnpm start` does on Ctrl-C. */
  stop(): Promise<void>;
}

/** Starts `pnpm start`'s server (through tsx, so no build is needed) on `dataDir`; resolves once it listens. */
export function startServerProcess(dataDir: string): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'faults-server-process.ts')], {
    cwd: SERVER_DIR,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', PARLEY_DATA_DIR: dataDir, PARLEY_PUBLIC_URL: 'http://localhost:3999' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const end = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  return new Promise((resolve, reject) => {
    child.stdout!.once('data', (line: Buffer) => {
      const { port } = JSON.parse(line.toString()) as { port: number };
      resolve({ url: `http://127.0.0.1:${port}`, child, kill: () => end('SIGKILL'), stop: () => end('SIGTERM') });
    });
    child.once('exit', (code) => reject(new Error(`the server process exited (${code}) before it listened`)));
  });
}

/** A site and an available admin, written straight into the data dir before the first start. */
export async function prepareDataDir(dataDir: string): Promise<Site> {
  const store = openSqliteStore(join(dataDir, 'parley.db'));
  try {
    const site = await store.sites.create({ name: 'Shop', origins: ['https://shop.example'] });
    const ann = await store.agents.create({ email: AGENT.email, name: 'Ann', role: 'admin', passwordHash: await hashPassword(AGENT.password) });
    await store.agents.update(ann.id, { lastSeenAt: Date.now() });
    return site;
  } finally {
    await store.close();
  }
}

/**
 * Everything that would show a half-written command: a seq gap or a double, a conversation whose
 * last_seq or last message disagrees with its messages, a dangling row, a damaged file. Empty: none.
 */
export function storedProblems(db: Database.Database): string[] {
  const problems: string[] = [];
  const integrity = db.pragma('integrity_check', { simple: true });
  if (integrity !== 'ok') problems.push(`integrity_check: ${String(integrity)}`);
  for (const row of db.pragma('foreign_key_check') as Array<Record<string, unknown>>) problems.push(`foreign key: ${JSON.stringify(row)}`);
  const conversations = db
    .prepare(
      `SELECT c.id, c.last_seq AS lastSeq, c.last_message_id AS lastMessageId, count(m.id) AS n, coalesce(min(m.seq), 0) AS lo, coalesce(max(m.seq), 0) AS hi,
              (SELECT seq FROM messages WHERE id = c.last_message_id AND conversation_id = c.id) AS lastMessageSeq
       FROM conversations c LEFT JOIN messages m ON m.conversation_id = c.id GROUP BY c.id`,
    )
    .all() as Array<{ id: string; lastSeq: number; lastMessageId: string | null; n: number; lo: number; hi: number; lastMessageSeq: number | null }>;
  for (const c of conversations) {
    if (c.n > 0 && (c.lo !== 1 || c.hi !== c.n)) problems.push(`conversation ${c.id}: seqs ${c.lo}..${c.hi} for ${c.n} messages`);
    if (c.lastSeq !== c.hi) problems.push(`conversation ${c.id}: last_seq ${c.lastSeq}, messages end at ${c.hi}`);
    if (c.n > 0 && c.lastMessageSeq !== c.hi) problems.push(`conversation ${c.id}: its last message (${c.lastMessageId}) is not seq ${c.hi}`);
  }
  const orphans = db.prepare('SELECT count(*) FROM messages WHERE conversation_id NOT IN (SELECT id FROM conversations)').pluck().get() as number;
  if (orphans > 0) problems.push(`${orphans} messages without their conversation`);
  return problems;
}

/** Opens a database file the test owns (no server on it) for checks; the caller closes it. */
export function openDatabaseFile(file: string): Database.Database {
  return new Database(file, { fileMustExist: true });
}
