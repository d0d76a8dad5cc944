/**
 * kill -9 at random moments while visitors and an agent send. The clients do what packages/client
 * does: keep every send until its ack and send it again, with the same client id, after each
 * reconnect. At the end every acked message is stored exactly once, with the seq its ack said;
 * every message sent is stored; each conversation's seqs are gapless and keep each sender's order.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Site } from '../src/ports/store.ts';
import { connectSenders, drained, ensureBuilt, openDatabaseFile, prepareDataDir, random, Sender, type ServerProcess, startServerProcess, startTraffic, storedProblems } from './faults-harness.ts';

const KILLS = 22;
const VISITORS = 12;
/** Each visitor stays well under a per-visitor message limit: with restarts in between, about one message a second. */
const VISITOR_EVERY_MS = 500;
const AGENT_EVERY_MS = 50;
const SEED = 0x8badf00d;

const dataDir = mkdtempSync(join(tmpdir(), 'parley-kill-'));
beforeAll(ensureBuilt, 120_000);
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

it(`keeps every acked message exactly once, in order, across ${KILLS} kill -9s during traffic`, { timeout: 150_000 }, async () => {
  // Two streams: the kill moments do not depend on how many sends the timers made.
  const killRand = random(SEED);
  const rand = random(SEED + 1);
  const site: Site = await prepareDataDir(dataDir);
  const visitors = Array.from({ length: VISITORS }, (_, i) => new Sender(`v${i}`));
  const agent = new Sender('agent');
  let cookie: string | null = null;

  /** Starts the server and connects every client; each resends what is unacked. */
  const connect = async (): Promise<ServerProcess> => {
    const server = await startServerProcess(dataDir);
    cookie = await connectSenders(server.url, site, visitors, agent, cookie);
    return server;
  };

  const killPoints: number[] = [];
  for (let round = 0; round < KILLS; round++) {
    const server = await connect();
    const stopTraffic = startTraffic(visitors, agent, rand, { visitorEveryMs: VISITOR_EVERY_MS, agentEveryMs: AGENT_EVERY_MS });
    // The first round lets every visitor write once, so the agent has conversations to answer.
    const killAt = (round === 0 ? 800 : 0) + 100 + Math.floor(killRand() * 900);
    killPoints.push(killAt);
    await new Promise((resolve) => setTimeout(resolve, killAt));
    await server.kill();
    stopTraffic();
    for (const sender of [...visitors, agent]) await sender.socket!.waitClosed();
  }

  // The last start: everyone resends what is still unacked and waits for it, then a clean stop.
  const server = await connect();
  const senders = [...visitors, agent];
  await drained(senders);
  for (const sender of senders) sender.socket!.close();
  await server.stop();

  const db = openDatabaseFile(join(dataDir, 'parley.db'));
  try {
    expect(senders.flatMap((s) => s.errors)).toEqual([]);
    expect(senders.flatMap((s) => s.outbox)).toEqual([]);
    const rowsOf = db.prepare<[string], { seq: number; conversationId: string }>('SELECT seq, conversation_id AS conversationId FROM messages WHERE client_id = ?');
    for (const sender of senders) {
      const lastSeq = new Map<string, number>();
      for (const { clientId } of sender.sent) {
        const rows = rowsOf.all(clientId);
        // Once, and what its ack said.
        expect(rows, clientId).toEqual([sender.acks.get(clientId)]);
        const row = rows[0]!;
        // In the order it was sent, within its conversation.
        expect(row.seq, `${clientId} after seq ${lastSeq.get(row.conversationId)}`).toBeGreaterThan(lastSeq.get(row.conversationId) ?? 0);
        lastSeq.set(row.conversationId, row.seq);
      }
    }
    expect(storedProblems(db)).toEqual([]);
    const sent = senders.reduce((n, s) => n + s.sent.length, 0);
    const stored = db.prepare("SELECT count(*) FROM messages WHERE author != 'system'").pluck().get();
    expect(stored).toBe(sent);
    const createdAt = db.prepare<[string], number>('SELECT created_at FROM messages WHERE client_id = ?').pluck();
    const resent = senders.flatMap((s) => [...s.resentAt]);
    // Stored before the kill, its ack lost with the process: the resend found it instead of storing it again.
    const ackLost = resent.filter(([clientId, at]) => createdAt.get(clientId)! < at).length;
    console.log(
      `kill -9 at ${killPoints.length} points (${killPoints.join(', ')} ms after the clients connected); ${sent} messages sent (${agent.sent.length} by the agent); ${resent.length} sent again after a restart, ${ackLost} of them stored before the kill with the ack lost; every one stored once`,
    );
  } finally {
    db.close();
  }
});
