/**
 * What the fault tests share: the real server as a child process they can kill, the scene they
 * prepare in its data dir, clients that resend what is unacked, and the check that a database
 * holds no half-written state.
 */
import { type ChildProcess, execFile, execFileSync, spawn } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { openSqliteStore } from '../src/adapters/sqlite/store.ts';
import { hashPassword } from '../src/core/auth/password.ts';
import type { Site } from '../src/ports/store.ts';
import { agentSocket, signIn, type TestServer, type TestSocket, visitorSocket } from './harness.ts';

const run = promisify(execFile);
const SERVER_DIR = join(import.meta.dirname, '..');
export const AGENT = { email: 'ann@shop.example', password: 'correct horse' };

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** kill -9: no shutdown of any kind runs. */
  kill(): Promise<void>;
  /** SIGTERM: the clean stop `pnpm start` does on Ctrl-C. */
  stop(): Promise<void>;
}

/** Builds the server when dist/ is missing or older than its sources, as `pnpm start` does: the fault tests run what ships. */
export function ensureBuilt(): void {
  execFileSync(process.execPath, [join(SERVER_DIR, 'scripts/ensure-built.mjs'), 'server'], { stdio: ['ignore', 'inherit', 'inherit'] });
}

/** `pnpm start`'s server (ensureBuilt first) on `dataDir`; resolves once it listens. */
export function startServerProcess(dataDir: string): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--max-semi-space-size=2', join(SERVER_DIR, 'dist/main.js')], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', PARLEY_DATA_DIR: dataDir, PARLEY_PUBLIC_URL: 'http://localhost:3999' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const end = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  return new Promise((resolve, reject) => {
    let printed = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      printed += chunk.toString();
      const port = /Parley is listening on http:\/\/[^:]+:(\d+)/.exec(printed)?.[1];
      if (port) resolve({ url: `http://127.0.0.1:${port}`, child, kill: () => end('SIGKILL'), stop: () => end('SIGTERM') });
    });
    child.once('exit', (code) => reject(new Error(`the server process exited (${code}) before it listened`)));
  });
}

/** `pnpm parley …` (ensureBuilt first) on `dataDir`, as a separate process; resolves with what it printed. */
export async function parley(dataDir: string, args: string[], timeoutMs = 60_000): Promise<string> {
  const { stdout } = await run(process.execPath, [join(SERVER_DIR, 'dist/cli.js'), ...args], { env: { ...process.env, PARLEY_DATA_DIR: dataDir }, timeout: timeoutMs });
  return stdout.trim();
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

/** mulberry32: a small seeded generator, so a seed gives the same numbers on every run. */
export function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Outgoing {
  clientId: string;
  text: string;
  /** Only the agent's sends name one; a visitor's goes to its own conversation. */
  conversationId?: string;
}

/** One client: what it sent, in order; what is still unacked; what each ack said. */
export class Sender {
  readonly sent: Outgoing[] = [];
  outbox: Outgoing[] = [];
  readonly acks = new Map<string, { seq: number; conversationId: string }>();
  readonly errors: any[] = [];
  /** When each send was first made again after a reconnect. */
  readonly resentAt = new Map<string, number>();
  socket: TestSocket | null = null;
  token: string | undefined;

  constructor(readonly name: string) {}

  attach(socket: TestSocket) {
    this.socket = socket;
    socket.ws.on('message', (data) => {
      const frame = JSON.parse(data.toString());
      if (frame.t === 'error') this.errors.push(frame);
      if (frame.t !== 'ack') return;
      const earlier = this.acks.get(frame.clientId);
      // A second ack (for a resend) must name the same stored message.
      if (earlier && (earlier.seq !== frame.seq || earlier.conversationId !== frame.conversationId)) this.errors.push({ changedAck: frame, earlier });
      this.acks.set(frame.clientId, { seq: frame.seq, conversationId: frame.conversationId });
      this.outbox = this.outbox.filter((o) => o.clientId !== frame.clientId);
    });
    // After a reconnect: everything unacked again, in its order, before anything new.
    for (const o of this.outbox) {
      if (!this.resentAt.has(o.clientId)) this.resentAt.set(o.clientId, Date.now());
      this.transmit(o);
    }
  }

  private transmit(o: Outgoing) {
    if (this.socket?.ws.readyState !== this.socket?.ws.OPEN) return;
    this.socket!.send(o.conversationId ? { t: 'send', ...o } : { t: 'send', clientId: o.clientId, text: o.text });
  }

  send(conversationId?: string) {
    const o = { clientId: `${this.name}-${this.sent.length}`, text: `${this.name} #${this.sent.length}`, ...(conversationId ? { conversationId } : {}) };
    this.sent.push(o);
    this.outbox.push(o);
    this.transmit(o);
  }
}

/** Connects every client to the server at `url` (visitors resume with their tokens), signing the agent in once; returns its cookie. */
export async function connectSenders(url: string, site: Site, visitors: Sender[], agent: Sender, cookie: string | null): Promise<string> {
  const target = { url } as TestServer;
  await Promise.all(
    visitors.map(async (v) => {
      const socket = await visitorSocket(target, site.key, site.origins[0]!);
      socket.send({ t: 'hello', site: site.key, ...(v.token ? { token: v.token, reconnect: true } : {}) });
      // A server just started on a loaded machine may take a while to answer its first hellos.
      const welcome = await socket.next((f) => f.t === 'welcome', 15_000);
      v.token = welcome.token;
      v.attach(socket);
    }),
  );
  const signedIn = cookie ?? (await signIn(target, AGENT.email, AGENT.password));
  agent.attach(await agentSocket(target, signedIn));
  return signedIn;
}

/** Visitors write about every `visitorEveryMs`, the agent every `agentEveryMs` into a conversation it knows; returns the stop. */
export function startTraffic(visitors: Sender[], agent: Sender, rand: () => number, pace: { visitorEveryMs: number; agentEveryMs: number }): () => void {
  const conversations = () => [...new Set(visitors.flatMap((v) => [...v.acks.values()].map((a) => a.conversationId)))];
  const timers = [
    ...visitors.map((v) => setInterval(() => v.send(), pace.visitorEveryMs * (0.7 + 0.6 * rand()))),
    setInterval(() => {
      const known = conversations();
      if (known.length) agent.send(known[Math.floor(rand() * known.length)]);
    }, pace.agentEveryMs),
  ];
  return () => {
    for (const timer of timers) clearInterval(timer);
  };
}

/** Resolves once no sender has an unacked send left, or after `timeoutMs` (the test's checks then say what is missing). */
export async function drained(senders: Sender[], timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (senders.some((s) => s.outbox.length) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
}
