/**
 * History's figures: a one-word full-text search among 1,000,000 messages, timed in the store
 * method the server calls (target ≤ 50 ms), beside a raw FTS5 MATCH and a LIKE scan of the same
 * file; then the export of 10,000 conversations from a real server process, its time and peak RSS.
 * Seeded (mulberry32): the same database on every run.
 */
import { join } from 'node:path';
import { openSqliteStore } from '../apps/server/src/adapters/sqlite/store.ts';
import { EMPTY_HISTORY_QUERY, searchTerms } from '../packages/protocol/src/index.ts';
import { percentile, rssBytes, sleep } from './measure.ts';
import { createParley } from './parley-server.ts';

const MESSAGES = 1_000_000;
const PER_CONVERSATION = 10;
const EXPORTED = 10_000;
/** The searched word stands in about one message of this many. */
const RARE_EVERY = 5_000;
const WORD = 'lighthouse';
const RUNS = 200;
const MIB = 1024 * 1024;

function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/** 20,000 made-up words, drawn skewed (a few common, most rare) as words in chats are. */
function vocabulary(next: () => number) {
  const syllables = ['ka', 'lo', 'mi', 'ren', 'to', 'sa', 'vel', 'dor', 'un', 'pi', 'qua', 'ish', 'e', 'ba', 'tor', 'ny'];
  const words = Array.from({ length: 20_000 }, () => Array.from({ length: 2 + Math.floor(next() * 3) }, () => syllables[Math.floor(next() * syllables.length)]).join(''));
  return { words, pick: () => words[Math.floor(words.length * next() ** 3)]! };
}

/** Seeds the database with raw inserts in big transactions; `exportSiteId` gets EXPORTED conversations, `siteId` the rest. */
function seed(db: ReturnType<typeof openSqliteStore>['sqlite'], siteId: string, exportSiteId: string) {
  const next = prng(11);
  const { pick } = vocabulary(next);
  db.pragma('synchronous = OFF');
  const visitor = db.prepare('INSERT INTO visitors (id, site_id, name, email) VALUES (?, ?, ?, ?)');
  const conversation = db.prepare('INSERT INTO conversations (id, site_id, visitor_id, status, last_seq, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const message = db.prepare('INSERT INTO messages (id, conversation_id, seq, client_id, author, text, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const conversations = MESSAGES / PER_CONVERSATION;
  const batch = db.transaction((from: number, to: number) => {
    for (let n = from; n < to; n++) {
      const at = 1_700_000_000_000 + n * 30_000;
      const id = `c${n}`;
      visitor.run(`v${n}`, n < EXPORTED ? exportSiteId : siteId, `Customer ${n}`, `c${n}@mail.example`);
      conversation.run(id, n < EXPORTED ? exportSiteId : siteId, `v${n}`, n % 3 ? 'open' : 'closed', PER_CONVERSATION, at, at + PER_CONVERSATION * 1000);
      for (let seq = 1; seq <= PER_CONVERSATION; seq++) {
        const words = Array.from({ length: 6 + Math.floor(next() * 14) }, pick);
        if (next() < 1 / RARE_EVERY) words.splice(Math.floor(next() * words.length), 0, WORD);
        message.run(`${id}-${seq}`, id, seq, `k${seq}`, seq % 2 ? 'visitor' : 'agent', words.join(' '), at + seq * 1000);
      }
    }
  });
  for (let n = 0; n < conversations; n += 10_000) batch(n, Math.min(conversations, n + 10_000));
  db.exec("CREATE VIRTUAL TABLE temp.messages_fts_vocab USING fts5vocab(main, 'messages_fts', 'row')");
  const common = db.prepare('SELECT term, doc FROM temp.messages_fts_vocab ORDER BY doc DESC LIMIT 1').get() as { term: string; doc: number };
  const rare = (db.prepare('SELECT doc FROM temp.messages_fts_vocab WHERE term = ?').get(WORD) as { doc: number }).doc;
  db.pragma('synchronous = NORMAL');
  return { common, rare };
}

async function time(runs: number, fn: () => unknown): Promise<{ p50: number; p95: number }> {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await fn();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p95: percentile(times, 95) };
}

const ms = ({ p50, p95 }: { p50: number; p95: number }) => `p50 ${p50.toFixed(2)} ms  p95 ${p95.toFixed(2)} ms`;

export async function search() {
  const parley = await createParley();
  try {
    const siteOf = (printed: string) => /key: (\S+)/.exec(printed)![1]!;
    const mainKey = siteOf(parley.cli('site', 'add', '--name', 'Shop', '--origin', 'https://shop.example'));
    const exportKey = siteOf(parley.cli('site', 'add', '--name', 'Export', '--origin', 'https://export.example'));
    parley.cli('agent', 'add', '--email', 'ada@bench.example', '--password', 'password1', '--name', 'Ada', '--role', 'admin');
    const store = openSqliteStore(join(parley.dataDir, 'parley.db'));
    const idOf = async (key: string) => (await store.sites.byKey(key))!.id;
    const [siteId, exportSiteId] = [await idOf(mainKey), await idOf(exportKey)];

    console.log(`search: ${MESSAGES.toLocaleString('en')} messages in ${(MESSAGES / PER_CONVERSATION).toLocaleString('en')} conversations, one SQLite file`);
    let started = performance.now();
    const { common, rare } = seed(store.sqlite, siteId, exportSiteId);
    console.log(`  seeded in ${((performance.now() - started) / 1000).toFixed(1)} s (raw inserts, FTS5 triggers on); "${WORD}" in ${rare} messages, the commonest word "${common.term}" in ${common.doc.toLocaleString('en')}`);

    const raw = store.sqlite;
    const byStore = (text: string) => () => store.history.search({ scope: null, query: { ...EMPTY_HISTORY_QUERY, text }, terms: searchTerms(text), after: null, limit: 51 });
    const agentScope = { whole: [exportSiteId], unassignedOrOwn: [], agentId: 'x' };
    const match = raw.prepare('SELECT rowid FROM messages_fts WHERE messages_fts MATCH ? LIMIT 51');
    const like = raw.prepare('SELECT conversation_id FROM messages WHERE text LIKE ? LIMIT 51');
    console.log(`  baseline   raw FTS5 MATCH "${WORD}" (rowids only)      ${ms(await time(RUNS, () => match.all(`"${WORD}"`)))}`);
    console.log(`  baseline   LIKE '%${WORD}%' scan                       ${ms(await time(5, () => like.all(`%${WORD}%`)))}`);
    console.log(`  parley     store.history.search("${WORD}"), page of 50  ${ms(await time(RUNS, byStore(WORD)))}   (target p95 ≤ 50 ms)`);
    console.log(`  parley     the same in one team's scope               ${ms(await time(RUNS, () => store.history.search({ scope: agentScope, query: { ...EMPTY_HISTORY_QUERY, text: WORD }, terms: [WORD], after: null, limit: 51 })))}`);
    console.log(`  parley     the commonest word "${common.term}"              ${ms(await time(20, byStore(common.term)))}`);
    await store.close();

    const { pid } = await parley.start();
    const cookie = await parley.signIn('ada@bench.example', 'password1');
    const before = rssBytes(pid);
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, rssBytes(pid))), 20);
    started = performance.now();
    const res = await fetch(`${parley.origin}/api/history/export?format=csv&site=${exportSiteId}`, { headers: { cookie, 'accept-encoding': 'identity' } });
    let bytes = 0;
    let rows = 0;
    for await (const chunk of res.body!) {
      bytes += chunk.byteLength;
      for (const byte of chunk as Uint8Array) if (byte === 10) rows++;
    }
    const seconds = (performance.now() - started) / 1000;
    await sleep(50);
    clearInterval(sampler);
    console.log(`export: ${EXPORTED.toLocaleString('en')} conversations (${(EXPORTED * PER_CONVERSATION).toLocaleString('en')} messages) as CSV from a real server process`);
    console.log(`  ${(bytes / MIB).toFixed(1)} MiB, ${rows - 1} rows in ${seconds.toFixed(2)} s; server RSS ${(before / MIB).toFixed(0)} MiB before, peak ${(peak / MIB).toFixed(0)} MiB (+${((peak - before) / MIB).toFixed(0)} MiB)`);
  } finally {
    await parley.destroy();
  }
}
