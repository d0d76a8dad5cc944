/**
 * `pnpm bench console`: how long an agent's console waits for its conversation list on a big
 * database: 100,000 conversations and 1,000,000 messages on the demo site, written straight into
 * the database the server migrated, then the time from the /ws/agent socket's open to its
 * `conversations` frame. Options: --conversations N, --messages-per-conversation N, --connects N.
 */
import { randomBytes } from 'node:crypto';
import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { WebSocket } from 'ws';
import { cpuWindow, othersCpuWindow, percentile, skewWarning, sleep } from './measure.ts';
import { createParley } from './parley-server.ts';

// The very better-sqlite3 build Parley runs on, resolved from the server's package.
const Database = createRequire(new URL('../apps/server/package.json', import.meta.url))('better-sqlite3');

const TARGET_MS = 50;
const AGENT = { email: 'agent@bench.example', password: 'bench-password-1' };
const DAY = 86_400_000;
/** Conversations written per transaction. */
const BATCH = 5_000;

const USER_AGENTS = [
  ['Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36', 'Chrome 126', 'macOS Catalina'],
  ['Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:127.0) Gecko/20100101 Firefox/127.0', 'Firefox 127', 'Windows 10'],
  ['Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1', 'Safari 17', 'iOS 17.5'],
] as const;
const VISITOR_TEXTS = ['Hi, where is my order?', 'Does this come in blue?', 'Can I change the delivery address?', 'Thanks, that helps a lot.'];
const AGENT_TEXTS = ['Hello! Let me check that for you.', 'It ships within two days.', 'Done: the address is updated.', 'Anything else I can do?'];

const id = () => randomBytes(16).toString('base64url').slice(0, 21);

/**
 * Writes `conversations` conversations of `perConversation` messages, one visitor each, spread over
 * the last 90 days. Visitor and agent take turns; every fifth conversation ends on an unanswered
 * visitor message, every tenth was never answered (missed). Summary columns are kept as the store keeps them.
 */
function seed(file: string, conversations: number, perConversation: number) {
  const db = new Database(file);
  // Bench data, rebuilt each run: no need to survive a power cut while it is written.
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -1000000');
  const { id: siteId } = db.prepare('SELECT id FROM sites WHERE is_demo = 1').get() as { id: string };
  const { id: agentId } = db.prepare('SELECT id FROM agents').get() as { id: string };
  const visitor = db.prepare(
    `INSERT INTO visitors (id, site_id, name, email, last_active_at, visit_started_at, visits, page_url, page_title, referrer,
       user_agent, browser, os, language, time_zone, country, country_code, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'Product', 'https://www.google.com/', ?, ?, ?, 'en-US', 'Europe/Berlin', 'Germany', 'DE', ?)`,
  );
  const conversation = db.prepare(
    `INSERT INTO conversations (id, site_id, visitor_id, status, last_seq, visitor_seen_seq, missed, last_message_id, answered_seq,
       waiting_since, agent_count, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const joined = db.prepare('INSERT INTO conversation_agents (conversation_id, agent_id, joined_at) VALUES (?, ?, ?)');
  const message = db.prepare('INSERT INTO messages (id, conversation_id, seq, client_id, author, agent_id, text, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  const now = Date.now();
  const write = db.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const created = now - 90 * DAY + Math.floor((i / conversations) * 90 * DAY);
      const missed = i % 10 === 1;
      const waiting = i % 5 === 0;
      const [userAgent, browser, os] = USER_AGENTS[i % USER_AGENTS.length]!;
      const visitorId = id();
      const conversationId = id();
      const last = created + (perConversation - 1) * 30_000;
      visitor.run(visitorId, siteId, i % 3 === 0 ? `Customer ${i}` : null, i % 3 === 1 ? `customer${i}@mail.example` : null, last, created, 1 + (i % 5), `https://shop.example/p/${i % 500}`, userAgent, browser, os, created);
      const messages = Array.from({ length: perConversation }, (_, k) => {
        const seq = k + 1;
        return { id: id(), seq, at: created + k * 30_000, fromAgent: !missed && seq % 2 === 0 && !(waiting && seq === perConversation) };
      });
      const answeredSeq = messages.reduce((seq, m) => (m.fromAgent ? m.seq : seq), 0);
      const waitingSince = messages.find((m) => m.seq > answeredSeq)?.at ?? null;
      const open = now - last < 7 * DAY;
      const agentCount = missed ? 0 : 1;
      conversation.run(conversationId, siteId, visitorId, open ? 'open' : 'closed', perConversation, perConversation, missed ? 1 : 0, messages.at(-1)!.id, answeredSeq, waitingSince, agentCount, created, last);
      for (const m of messages) {
        message.run(m.id, conversationId, m.seq, `c${m.seq}-${i}`, m.fromAgent ? 'agent' : 'visitor', m.fromAgent ? agentId : null, (m.fromAgent ? AGENT_TEXTS : VISITOR_TEXTS)[m.seq % 4], m.at);
      }
      if (agentCount) joined.run(conversationId, agentId, created + 30_000);
    }
  });
  for (let from = 0; from < conversations; from += BATCH) write(from, Math.min(conversations, from + BATCH));
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
}

/** Milliseconds from the agent socket's open to its `conversations` frame. */
function timeConnect(url: string, headers: Record<string, string>): Promise<{ ms: number; items: number }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers, perMessageDeflate: false });
    let opened = 0;
    const timer = setTimeout(() => fail(new Error('no conversations frame in 30 s')), 30_000);
    const fail = (error: Error) => {
      clearTimeout(timer);
      ws.terminate();
      reject(error);
    };
    ws.once('open', () => (opened = performance.now()));
    ws.on('message', (data: Buffer) => {
      const frame = JSON.parse(data.toString());
      if (frame.t !== 'conversations') return;
      const ms = performance.now() - opened;
      clearTimeout(timer);
      ws.terminate();
      resolve({ ms, items: frame.items.length });
    });
    ws.once('close', (code) => fail(new Error(`closed with ${code}`)));
    ws.once('error', fail);
  });
}

export async function consoleScale(args: string[] = []) {
  const { values } = parseArgs({ args, options: { conversations: { type: 'string' }, 'messages-per-conversation': { type: 'string' }, connects: { type: 'string' } } });
  const conversations = Number(values.conversations ?? 100_000);
  const perConversation = Number(values['messages-per-conversation'] ?? 10);
  const connects = Number(values.connects ?? 10);
  const parley = await createParley();
  try {
    parley.cli('agent', 'add', '--email', AGENT.email, '--password', AGENT.password, '--name', 'Bench agent');
    // The first start migrates the database and creates the demo site.
    await parley.start();
    await parley.stop();
    const file = join(parley.dataDir, 'parley.db');
    let started = performance.now();
    seed(file, conversations, perConversation);
    const seedSeconds = (performance.now() - started) / 1000;
    started = performance.now();
    const { pid } = await parley.start();
    const startSeconds = (performance.now() - started) / 1000;
    const idle = cpuWindow(pid);
    await sleep(10_000);
    const idleCpu = idle();
    const cookie = await parley.signIn(AGENT.email, AGENT.password);
    const url = `${parley.origin.replace('http:', 'ws:')}/ws/agent`;
    const headers = { cookie, origin: parley.origin };
    const others = othersCpuWindow([pid, process.pid]);
    const cold = await timeConnect(url, headers);
    const times: number[] = [];
    for (let i = 0; i < connects; i++) {
      times.push((await timeConnect(url, headers)).ms);
      await sleep(300);
    }
    const othersPercent = others();
    times.sort((a, b) => a - b);
    const median = percentile(times, 50);
    console.log(`console: an agent connects to ${conversations} conversations, ${conversations * perConversation} messages (demo site)`);
    console.log(`  seeded in ${seedSeconds.toFixed(1)} s (${(statSync(file).size / 1e6).toFixed(0)} MB); server healthy ${startSeconds.toFixed(1)} s after spawn; its CPU while idle ${idleCpu.toFixed(1)}% of a core`);
    console.log(`  socket open → conversations frame (${cold.items} items): median ${median.toFixed(1)} ms of ${connects} (min ${times[0]!.toFixed(1)}, max ${times.at(-1)!.toFixed(1)}), first ${cold.ms.toFixed(1)} ms`);
    console.log(`  target ≤ ${TARGET_MS} ms: ${median <= TARGET_MS ? 'met' : 'MISSED'} (${(median / TARGET_MS).toFixed(1)}× the target)`);
    const warning = skewWarning(othersPercent);
    if (warning) console.log(`  ${warning}`);
  } finally {
    await parley.destroy();
  }
}
