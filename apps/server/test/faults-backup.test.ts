/**
 * `pnpm parley backup FILE` while a server process takes messages, and the restore the README
 * documents (stop, put the copy in place as parley.db without -wal/-shm, start): each copy is a
 * whole, consistent database holding at least everything acked before it began, and a server
 * started on it continues every conversation's seq.
 */
import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openSqliteStore } from '../src/adapters/sqlite/store.ts';
import { connectSenders, drained, ensureBuilt, openDatabaseFile, parley, prepareDataDir, random, Sender, startServerProcess, startTraffic, storedProblems } from './faults-harness.ts';

const dirs: string[] = [];
const tempDir = (prefix: string) => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
};
beforeAll(ensureBuilt, 120_000);
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const BACKUPS = 3;

it(`takes ${BACKUPS} consistent backups while the server writes, and a restored copy carries on`, { timeout: 90_000 }, async () => {
  const dataDir = tempDir('parley-live-');
  const copies = tempDir('parley-copies-');
  const site = await prepareDataDir(dataDir);
  const visitors = Array.from({ length: 6 }, (_, i) => new Sender(`v${i}`));
  const agent = new Sender('agent');
  const senders = [...visitors, agent];
  const acked = () => new Map(senders.flatMap((s) => [...s.acks]));

  const server = await startServerProcess(dataDir);
  const cookie = await connectSenders(server.url, site, visitors, agent, null);
  const stopTraffic = startTraffic(visitors, agent, random(7), { visitorEveryMs: 1000, agentEveryMs: 40 });
  const taken: Array<{ file: string; ackedBefore: Map<string, { seq: number; conversationId: string }> }> = [];
  for (let i = 0; i < BACKUPS; i++) {
    await new Promise((resolve) => setTimeout(resolve, 400));
    const file = join(copies, `backup-${i}.db`);
    const ackedBefore = acked();
    // What the operator types, as a separate process on the data dir of the running server.
    expect(await parley(dataDir, ['backup', file])).toBe(`Backed up to ${file}`);
    taken.push({ file, ackedBefore });
  }
  stopTraffic();
  await drained(senders);
  expect(senders.flatMap((s) => s.errors)).toEqual([]);

  for (const { file, ackedBefore } of taken) {
    // One file, complete in itself: nothing of it is in a -wal beside it.
    expect(existsSync(`${file}-wal`)).toBe(false);
    const copy = openDatabaseFile(file);
    try {
      expect(storedProblems(copy)).toEqual([]);
      const rowOf = copy.prepare<[string], { seq: number; conversationId: string }>('SELECT seq, conversation_id AS conversationId FROM messages WHERE client_id = ?');
      for (const [clientId, ack] of ackedBefore) expect(rowOf.get(clientId), clientId).toEqual(ack);
    } finally {
      copy.close();
    }
  }
  const last = taken.at(-1)!;
  expect(last.ackedBefore.size).toBeGreaterThan(20);
  for (const sender of senders) sender.socket!.close();
  await server.stop();

  // The restore, as the README says: the server is stopped; the copy becomes parley.db in a data dir without -wal or -shm.
  const restoredDir = tempDir('parley-restored-');
  copyFileSync(last.file, join(restoredDir, 'parley.db'));
  const before = openDatabaseFile(join(restoredDir, 'parley.db'));
  const lastSeqs = new Map(before.prepare<[], { id: string; lastSeq: number }>('SELECT id, last_seq AS lastSeq FROM conversations').all().map((c) => [c.id, c.lastSeq]));
  before.close();
  const restored = await startServerProcess(restoredDir);
  // The same visitors (their tokens are in the copy) and the same agent session come back.
  const again = visitors.map((v) => Object.assign(new Sender(`${v.name}-after`), { token: v.token }));
  const agentAgain = new Sender('agent-after');
  await connectSenders(restored.url, site, again, agentAgain, cookie);
  const conversationsFrame = await agentAgain.socket!.next((f) => f.t === 'conversations', 15_000);
  expect(new Set(conversationsFrame.items.map((c: { id: string }) => c.id))).toEqual(new Set(lastSeqs.keys()));
  for (const v of again) v.send();
  await drained(again);
  for (const [i, v] of again.entries()) {
    const ack = v.acks.get(`${v.name}-0`)!;
    // The visitor is back in the conversation the copy holds, right after its last message.
    expect(ack.conversationId).toBe(visitors[i]!.acks.values().next().value!.conversationId);
    expect(ack.seq).toBe(lastSeqs.get(ack.conversationId)! + 1);
  }
  agentAgain.send(again[0]!.acks.get('v0-after-0')!.conversationId);
  await drained([agentAgain]);
  expect(agentAgain.acks.get('agent-after-0')!.seq).toBe(again[0]!.acks.get('v0-after-0')!.seq + 1);
  for (const sender of [...again, agentAgain]) sender.socket!.close();
  await restored.stop();
  const after = openDatabaseFile(join(restoredDir, 'parley.db'));
  try {
    expect(storedProblems(after)).toEqual([]);
  } finally {
    after.close();
  }
  console.log(`${BACKUPS} backups while the server wrote; the last held ${last.ackedBefore.size}+ acked messages; restored, every conversation went on at its next seq`);
});

it('finishes a backup while another connection commits between all of its steps, and replaces an older backup only then', { timeout: 30_000 }, async () => {
  const dir = tempDir('parley-busy-');
  const store = openSqliteStore(join(dir, 'parley.db'));
  const file = join(dir, 'parley-backup.db');
  // Yesterday's backup, of a database still empty.
  await store.backup(file);
  // About 8 MB: a copy made page by page takes many steps.
  const fill = store.sqlite.prepare('INSERT INTO meta (key, value) VALUES (?, ?)');
  store.sqlite.transaction(() => {
    for (let i = 0; i < 2000; i++) fill.run(`filler-${i}`, 'x'.repeat(4000));
  })();
  // A busy server: another connection commits whenever this process turns its event loop.
  const writer = new Database(join(dir, 'parley.db'));
  const tick = writer.prepare("INSERT INTO meta (key, value) VALUES ('tick', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value");
  let ticks = 0;
  let writing = true;
  const write = () => {
    if (!writing) return;
    tick.run(String(++ticks));
    setImmediate(write);
  };
  setImmediate(write);
  const outcome = await Promise.race([store.backup(file).then(() => 'done'), new Promise((resolve) => setTimeout(resolve, 10_000, 'still copying after 10 s'))]);
  writing = false;
  expect(outcome).toBe('done');
  writer.close();
  await store.close();
  const copy = openDatabaseFile(file);
  try {
    expect(copy.prepare("SELECT count(*) FROM meta WHERE key LIKE 'filler-%'").pluck().get()).toBe(2000);
    expect(storedProblems(copy)).toEqual([]);
  } finally {
    copy.close();
  }
  expect(readdirSync(dir).filter((name) => name.startsWith('parley-backup'))).toEqual(['parley-backup.db']);
});
