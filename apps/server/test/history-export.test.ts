/**
 * The export round-trips every message of 10,000 conversations, as CSV and as JSON, while the
 * server's heap grows by a bounded amount, far less than either file: it streams, page by page.
 * Seeded with raw SQL into the server's own SQLite file (the FTS triggers run as in production).
 */
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import Database from 'better-sqlite3';
import { EXPORT_CSV_COLUMNS, type ExportedConversation } from '@parley/protocol';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { signIn, startTestServer, type TestServer } from './harness.ts';

const CONVERSATIONS = 10_000;
const MESSAGES = 6;
/** Retained memory growth allowed while an export streams: a few pages and socket buffers, not the file. */
const HEAP_BOUND_MB = 16;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
/** Retained memory, MB: the JS heap and the buffers outside it (a body encoded whole would sit there). */
const heapMb = () => {
  gc();
  const { heapUsed, external } = process.memoryUsage();
  return (heapUsed + external) / 2 ** 20;
};

/** A small seeded PRNG (mulberry32): the same texts on every run. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

const WORDS = ['parcel', 'refund', 'size', 'colour', 'delivery', 'invoice', 'café', 'naïve', '"quoted"', 'a,b', 'line\nbreak', '=SUM(A1)', '+1', '-2', '@home', '日本', '🙂'];

/** Message `seq` of conversation `n`: ~500 characters of words, some of them quotes, commas, breaks and formula starts. */
function textOf(n: number, seq: number): string {
  const next = prng(n * 100 + seq);
  const words: string[] = [];
  let length = 0;
  while (length < 500) {
    const word = WORDS[Math.floor(next() * WORDS.length)]!;
    words.push(word);
    length += word.length + 1;
  }
  return words.join(' ');
}
const idOf = (n: number) => `conv-${String(n).padStart(5, '0')}`;
const indexOf = (id: string) => Number(id.slice(5));

let server: TestServer;
let cookie: string;

beforeAll(async () => {
  server = await startTestServer();
  const site = await server.core.sites.create({ name: 'Shop, "the" one', origins: ['https://shop.example'] });
  await server.core.agents.add({ email: 'ada@shop.example', name: 'Ada', role: 'admin', teams: [], password: 'password1' });
  cookie = await signIn(server, 'ada@shop.example', 'password1');
  const db = new Database(join(server.dataDir, 'parley.db'));
  db.pragma('busy_timeout = 5000');
  const visitor = db.prepare('INSERT INTO visitors (id, site_id, name, email) VALUES (?, ?, ?, ?)');
  const conversation = db.prepare('INSERT INTO conversations (id, site_id, visitor_id, status, last_seq, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const message = db.prepare('INSERT INTO messages (id, conversation_id, seq, client_id, author, text, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
  db.transaction(() => {
    for (let n = 0; n < CONVERSATIONS; n++) {
      const at = 1_700_000_000_000 + n * 60_000;
      visitor.run(`v${n}`, site.id, n % 7 === 0 ? `=Eve ${n}, "the" customer` : `Customer ${n}`, `c${n}@mail.example`);
      conversation.run(idOf(n), site.id, `v${n}`, n % 3 === 0 ? 'closed' : 'open', MESSAGES, at, at + MESSAGES * 1000);
      for (let seq = 1; seq <= MESSAGES; seq++) message.run(`${idOf(n)}-${seq}`, idOf(n), seq, `k${seq}`, seq % 2 ? 'visitor' : 'agent', textOf(n, seq), at + seq * 1000);
    }
  })();
  db.close();
}, 60_000);
afterAll(() => server?.destroy());

/** Reads the export's body chunk by chunk, handing each piece of text on; the peak of retained heap growth, in MB. */
async function stream(format: 'csv' | 'json', onText: (text: string) => void): Promise<{ bytes: number; peakMb: number }> {
  const before = heapMb();
  let peak = 0;
  let bytes = 0;
  let chunks = 0;
  const res = await fetch(`${server.url}/api/history/export?format=${format}`, { headers: { cookie, 'accept-encoding': 'identity' } });
  expect(res.status).toBe(200);
  // The byte order mark is kept, to be checked.
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  for await (const chunk of res.body!) {
    bytes += chunk.byteLength;
    onText(decoder.decode(chunk, { stream: true }));
    if (++chunks % 100 === 0) peak = Math.max(peak, heapMb() - before);
  }
  onText(decoder.decode());
  return { bytes, peakMb: Math.max(peak, heapMb() - before) };
}

/** An RFC 4180 reader fed piece by piece: calls `row` with each complete record. */
function csvReader(row: (cells: string[]) => void) {
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  /** The last character was a closing quote: a quote next is an escaped one. */
  let closed = false;
  const special = /[",\n]/g;
  return (text: string) => {
    let at = 0;
    while (at < text.length) {
      if (quoted) {
        const end = text.indexOf('"', at);
        if (end < 0) {
          cell += text.slice(at);
          return;
        }
        cell += text.slice(at, end);
        quoted = false;
        closed = true;
        at = end + 1;
        continue;
      }
      special.lastIndex = at;
      const found = special.exec(text);
      const end = found ? found.index : text.length;
      if (end > at) closed = false;
      cell += text.slice(at, end);
      if (!found) return;
      const ch = found[0];
      if (ch === '"') {
        if (closed) cell += '"';
        quoted = true;
      } else if (ch === ',') {
        cells.push(cell);
        cell = '';
      } else {
        cells.push(cell.endsWith('\r') ? cell.slice(0, -1) : cell);
        row(cells);
        cells = [];
        cell = '';
      }
      if (ch !== '"') closed = false;
      at = end + 1;
    }
  };
}

/** What a spreadsheet-safe cell holds for a text. */
const defused = (text: string) => (/^[=+\-@\t\r]/.test(text) ? `'${text}` : text);

it('exports every message of 10,000 conversations as CSV, exactly, in bounded memory', async () => {
  const seen = new Map<number, number>();
  let header: string[] | null = null;
  const { bytes, peakMb } = await stream(
    'csv',
    csvReader((cells) => {
      if (!header) {
        header = cells;
        return;
      }
      const [id, site, , , name, , , seq, , , , , text] = cells;
      const n = indexOf(id!);
      expect(site).toBe('Shop, "the" one');
      expect(name).toBe(defused(n % 7 === 0 ? `=Eve ${n}, "the" customer` : `Customer ${n}`));
      expect(text).toBe(defused(textOf(n, Number(seq))));
      expect(Number(seq)).toBe((seen.get(n) ?? 0) + 1);
      seen.set(n, Number(seq));
    }),
  );
  expect(header).toEqual(['\uFEFF' + EXPORT_CSV_COLUMNS[0], ...EXPORT_CSV_COLUMNS.slice(1)]);
  expect(seen.size).toBe(CONVERSATIONS);
  expect([...seen.values()].every((count) => count === MESSAGES)).toBe(true);
  console.log(`CSV export: ${(bytes / 2 ** 20).toFixed(1)} MB streamed, retained memory growth at most ${peakMb.toFixed(1)} MB`);
  expect(bytes / 2 ** 20).toBeGreaterThan(2 * HEAP_BOUND_MB);
  expect(peakMb).toBeLessThan(HEAP_BOUND_MB);
}, 60_000);

it('exports every message of 10,000 conversations as JSON, one conversation a line, in bounded memory', async () => {
  let rest = '';
  let count = 0;
  let previous = Infinity;
  const line = (text: string) => {
    if (text === '[' || text === ']' || text === '') return;
    const conversation = JSON.parse(text.replace(/,$/, '')) as ExportedConversation;
    const n = indexOf(conversation.id);
    // Newest first.
    expect(n).toBeLessThan(previous);
    previous = n;
    expect(conversation.status).toBe(n % 3 === 0 ? 'closed' : 'open');
    expect(conversation.messages.map((m) => [m.seq, m.text])).toEqual(Array.from({ length: MESSAGES }, (_, i) => [i + 1, textOf(n, i + 1)]));
    count++;
  };
  const { bytes, peakMb } = await stream('json', (text) => {
    const lines = (rest + text).split('\n');
    rest = lines.pop()!;
    lines.forEach(line);
  });
  line(rest);
  expect(count).toBe(CONVERSATIONS);
  console.log(`JSON export: ${(bytes / 2 ** 20).toFixed(1)} MB streamed, retained memory growth at most ${peakMb.toFixed(1)} MB`);
  expect(bytes / 2 ** 20).toBeGreaterThan(2 * HEAP_BOUND_MB);
  expect(peakMb).toBeLessThan(HEAP_BOUND_MB);
}, 60_000);
