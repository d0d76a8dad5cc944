/**
 * kill -9 at random moments while visitors and an agent send. The clients do what packages/client
 * does: keep every send until its ack and send it again, with the same client id, after each
 * reconnect. At the end every acked message is stored exactly once, with the seq its ack said;
 * every message sent is stored; each conversation's seqs are gapless and keep each sender's order.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import type { Site } from '../src/ports/store.ts';
import { AGENT, openDatabaseFile, prepareDataDir, type ServerProcess, startServerProcess, storedProblems } from './faults-harness.ts';
import { agentSocket, helloVisitor, signIn, type TestServer, type TestSocket } from './harness.ts';

const KILLS = 22;
const VISITORS = 12;
/** Each visitor stays well under a per-visitor message limit: with restarts in between, about one message a second. */
const VISITOR_EVERY_MS = 500;
const AGENT_EVERY_MS = 50;
const SEED = 0x8badf00d;

/** mulberry32: the kill moments and the agent's choices are the same on every run. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Outgoing {
  clientId: string;
  text: string;
  /** Only the agent's sends name one; a visitor's goes to its own conversation. */
  conversationId?: string;
}

/** One client: what it sent, in order; what is still unacked; what each ack said. */
class Sender {
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

const dataDir = mkdtempSync(join(tmpdir(), 'parley-kill-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

it(`keeps every acked message exactly once, in order, across ${KILLS} kill -9s during traffic`, { timeout: 150_000 }, async () => {
  // Two streams: the kill moments do not depend on how many sends the timers made.
  const killRand = random(SEED);
  const rand = random(SEED + 1);
  const site: Site = await prepareDataDir(dataDir);
  const visitors = Array.from({ length: VISITORS }, (_, i) => new Sender(`v${i}`));
  const agent = new Sender('agent');
  let cookie: string | null = null;
  const conversations = () => [...new Set(visitors.flatMap((v) => [...v.acks.values()].map((a) => a.conversationId)))];

  /** Starts the server, connects every client (they resend what is unacked) and returns the running server. */
  const connect = async (): Promise<ServerProcess> => {
    const server = await startServerProcess(dataDir);
    const target = { url: server.url } as TestServer;
    await Promise.all(
      visitors.map(async (v) => {
        const { socket, welcome } = await helloVisitor(target, site, v.token ? { token: v.token, reconnect: true } : {});
        v.token = welcome.token;
        v.attach(socket);
      }),
    );
    cookie ??= await signIn(target, AGENT.email, AGENT.password);
    agent.attach(await agentSocket(target, cookie));
    return server;
  };

  const killPoints: number[] = [];
  for (let round = 0; round < KILLS; round++) {
    const server = await connect();
    const timers = [
      ...visitors.map((v) => setInterval(() => v.send(), VISITOR_EVERY_MS * (0.7 + 0.6 * rand()))),
      setInterval(() => {
        const known = conversations();
        if (known.length) agent.send(known[Math.floor(rand() * known.length)]);
      }, AGENT_EVERY_MS),
    ];
    // The first round lets every visitor write once, so the agent has conversations to answer.
    const killAt = (round === 0 ? 800 : 0) + 100 + Math.floor(killRand() * 900);
    killPoints.push(killAt);
    await new Promise((resolve) => setTimeout(resolve, killAt));
    await server.kill();
    for (const timer of timers) clearInterval(timer);
    for (const sender of [...visitors, agent]) await sender.socket!.waitClosed();
  }

  // The last start: everyone resends what is still unacked and waits for it, then a clean stop.
  const server = await connect();
  const senders = [...visitors, agent];
  const deadline = Date.now() + 20_000;
  while (senders.some((s) => s.outbox.length) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
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
