/**
 * A visitor (or a signed-in agent) who sends what the widget and console never would: forged and
 * foreign ids, wrong types, oversized and deeply nested frames, invalid UTF-8, controls and bidi
 * characters. Each gets an error or is cleaned, nothing is written that should not be, and the
 * server keeps answering.
 */
import Database from 'better-sqlite3';
import { MAX_FRAME_BYTES, MAX_MESSAGE_LENGTH } from '@parley/protocol';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../src/core/auth/password.ts';
import type { Site } from '../src/ports/store.ts';
import { agentSocket, helloVisitor, signIn, startTestServer, type TestServer, TestSocket } from './harness.ts';

let server: TestServer;
let db: Database.Database;
/** Seen by every agent. */
let shop: Site;
/** Of the team vip: Bob (team sales) must not reach it. */
let secret: Site;
let bob: TestSocket;
/** A visitor of the secret site with a conversation, and one of the shop. */
let hidden: { visitorId: string; conversationId: string };
let other: { visitorId: string; conversationId: string; socket: TestSocket };

const TABLES = ['sites', 'agents', 'visitors', 'visitor_tokens', 'conversations', 'conversation_agents', 'messages', 'outbox', 'outbox_messages', 'continue_links'];
const counts = (): Record<string, number> => Object.fromEntries(TABLES.map((table) => [table, (db.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n]));
/** Every row of the hidden and the other visitor, but the columns that move on their own (activity, presence). */
const snapshot = () =>
  JSON.stringify({
    visitors: db.prepare('select id, name, email, phone, page_url, page_title, referrer, user_id from visitors where id in (?, ?) order by id').all(hidden.visitorId, other.visitorId),
    conversations: db.prepare('select id, status, last_seq, visitor_seen_seq, agent_count, last_message_id from conversations where id in (?, ?) order by id').all(hidden.conversationId, other.conversationId),
    members: db.prepare('select * from conversation_agents order by conversation_id, agent_id').all(),
    messages: db.prepare('select id, conversation_id, seq, text from messages order by conversation_id, seq').all(),
  });

/** Runs `act`, then proves the server still answers and that no row was added, removed or changed. */
async function writesNothing(act: () => Promise<void>) {
  const before = { counts: counts(), snapshot: snapshot() };
  await act();
  await stillAnswers();
  expect({ counts: counts(), snapshot: snapshot() }).toEqual(before);
}

async function stillAnswers() {
  expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  bob.send({ t: 'open', conversationId: other.conversationId, since: 0 });
  await bob.next((f) => f.t === 'history' && f.conversationId === other.conversationId);
  bob.frames.length = 0;
}

/** A visitor socket that may send bytes the harness would not: invalid UTF-8, oversized text. */
async function rawVisitor(site: Site) {
  return TestSocket.open(`${server.url.replace('http', 'ws')}/ws/visitor?site=${site.key}`, { origin: site.origins[0]! });
}

beforeAll(async () => {
  server = await startTestServer();
  db = new Database(`${server.dataDir}/parley.db`, { readonly: true });
  shop = await server.store.sites.create({ name: 'Shop', origins: ['https://shop.example'] });
  secret = await server.store.sites.create({ name: 'Secret', origins: ['https://secret.example'] });
  await server.core.teams.add({ name: 'vip', mode: 'collaboration' });
  secret = await server.core.sites.update(secret.key, { settings: { team: 'vip' } });
  const passwordHash = await hashPassword('correct horse');
  const ann = await server.store.agents.create({ email: 'ann@shop.example', name: 'Ann', role: 'admin', passwordHash });
  await server.store.agents.update(ann.id, { lastSeenAt: Date.now() });
  await server.store.agents.create({ email: 'bob@shop.example', name: 'Bob', role: 'agent', passwordHash, teams: ['sales'] });
  bob = await agentSocket(server, await signIn(server, 'bob@shop.example', 'correct horse'));
  await bob.next((f) => f.t === 'conversations');

  const withConversation = async (site: Site) => {
    const { socket, welcome } = await helloVisitor(server, site, { page: { url: `${site.origins[0]}/`, title: 'Home', referrer: '' } });
    socket.send({ t: 'send', clientId: 'first', text: 'hello' });
    const ack = await socket.next((f) => f.t === 'ack');
    return { socket, visitorId: welcome.visitorId as string, conversationId: ack.conversationId as string };
  };
  const secretVisitor = await withConversation(secret);
  secretVisitor.socket.close();
  hidden = secretVisitor;
  other = await withConversation(shop);
  bob.frames.length = 0;
});
afterAll(async () => {
  db.close();
  await server.destroy();
});

describe('forged and foreign ids', () => {
  it("an agent's every command on a conversation or visitor it cannot see, or that does not exist, is not_found and writes nothing", async () => {
    const ids = [hidden, { conversationId: 'no-such-conversation', visitorId: 'no-such-visitor' }, { conversationId: other.visitorId, visitorId: other.conversationId }];
    const frames = ids.flatMap(({ conversationId, visitorId }) => [
      { t: 'open', conversationId, since: 0 },
      { t: 'send', conversationId, clientId: `send-${conversationId}`, text: 'let me in' },
      { t: 'start', visitorId, clientId: `start-${visitorId}`, text: 'hello stranger' },
      { t: 'typing', conversationId, on: true },
      { t: 'join', conversationId },
      { t: 'leave', conversationId },
      { t: 'close', conversationId },
      { t: 'visitor', visitorId, name: 'Mallory', email: 'mallory@evil.example', phone: '1' },
    ]);
    await writesNothing(async () => {
      for (const frame of frames) bob.send(frame);
      await bob.next((f) => f.t === 'error' && bob.frames.filter((e) => e.t === 'error').length === frames.length);
      const errors = bob.frames.filter((f) => f.t === 'error');
      expect(errors.map((e) => e.code)).toEqual(frames.map(() => 'not_found'));
      expect(errors.filter((e) => e.clientId).map((e) => e.clientId)).toEqual(frames.flatMap((f) => ('clientId' in f ? [f.clientId] : [])));
      expect(bob.frames.some((f) => f.t === 'history' || f.t === 'ack')).toBe(false);
    });
  });

  it("a visitor's frames act on their own visitor and conversation only, whatever ids they carry", async () => {
    const { socket: mallory, welcome } = await helloVisitor(server, shop);
    const foreign = { visitorId: other.visitorId, conversationId: other.conversationId, site: secret.key, siteId: secret.id, id: other.visitorId };
    await writesNothing(async () => {
      mallory.send({ t: 'seen', seq: 1, ...foreign });
      mallory.send({ t: 'typing', on: true, ...foreign });
      mallory.send({ t: 'identify', name: 'Mallory', ...foreign });
      mallory.send({ t: 'page', page: { url: 'https://shop.example/evil', title: 'Evil', referrer: '' }, ...foreign });
      mallory.send({ t: 'activity', ...foreign });
      mallory.send({ t: 'hello', site: shop.key, token: other.visitorId });
      expect(await mallory.next((f) => f.t === 'error')).toMatchObject({ code: 'bad_frame' });
    });
    mallory.send({ t: 'send', clientId: 'm1', text: 'mine', ...foreign });
    const ack = await mallory.next((f) => f.t === 'ack');
    expect(ack.conversationId).not.toBe(other.conversationId);
    expect(db.prepare('select visitor_id as visitorId from conversations where id = ?').get(ack.conversationId)).toEqual({ visitorId: welcome.visitorId });
    expect(db.prepare('select name from visitors where id = ?').get(welcome.visitorId)).toEqual({ name: 'Mallory' });
    mallory.close();
  });

  it("a visitor's id or another site's key is not a token: hello starts a new visitor, or is refused on a foreign site", async () => {
    const before = counts();
    const { socket, welcome } = await helloVisitor(server, shop, { token: other.visitorId, continue: other.conversationId });
    expect(welcome.visitorId).not.toBe(other.visitorId);
    expect(welcome.conversationId).toBeNull();
    socket.close();
    expect(counts().visitors).toBe(before.visitors! + 1);
    await writesNothing(async () => {
      const wrongSite = await rawVisitor(shop);
      wrongSite.send({ t: 'hello', site: secret.key });
      expect(await wrongSite.next((f) => f.t === 'error')).toMatchObject({ code: 'origin_not_allowed' });
      // A socket is opened for one site: a hello naming another, known or not, is refused.
      const noSite = await rawVisitor(shop);
      noSite.send({ t: 'hello', site: 'no-such-site' });
      expect(await noSite.next((f) => f.t === 'error')).toMatchObject({ code: 'origin_not_allowed' });
    });
  });

  it('forged tokens in the continue and unsubscribe links find nothing and change nothing', async () => {
    const tokens = ['x', `${other.visitorId}.forged`, `${other.visitorId}.${'A'.repeat(43)}`, '..%2f..%2fetc%2fpasswd', '%00', '%E2%80%AE'];
    await writesNothing(async () => {
      for (const token of tokens) {
        expect([404, 410]).toContain((await fetch(`${server.url}/c/${token}`, { redirect: 'manual' })).status);
        expect((await fetch(`${server.url}/u/${token}`)).status).toBe(404);
        const post = await fetch(`${server.url}/u/${token}`, { method: 'POST', headers: { origin: server.url, 'content-type': 'application/json' }, body: '{}' });
        expect([403, 404, 415]).toContain(post.status);
      }
    });
    expect(db.prepare('select email_status as s from visitors where id = ?').get(other.visitorId)).toEqual({ s: 'ok' });
  });
});

/** The server closes with the code (1009 too big, 1007 invalid UTF-8) and drops the connection at once, so the close frame may not arrive first (1006). */
const CUT = [1006, 1007, 1009];

/** Values of the wrong type for any field. */
const WRONG = [null, 0, -1, 1.5, 1e308, true, '', 'x'.repeat(100), [], ['a'], {}, { t: 'send' }];

describe('wrong types', () => {
  const visitorFrames: Record<string, Record<string, unknown>> = {
    send: { clientId: 'c', text: 'hi' },
    typing: { on: true },
    seen: { seq: 1 },
    identify: { name: 'Ann', email: 'ann@shop.example' },
    page: { page: { url: 'https://shop.example/', title: 't', referrer: '' } },
  };
  const agentFrames: Record<string, Record<string, unknown>> = {
    open: { conversationId: 'c', since: 0 },
    send: { conversationId: 'c', clientId: 'c', text: 'hi' },
    start: { visitorId: 'v', clientId: 'c', text: 'hi' },
    typing: { conversationId: 'c', on: true },
    join: { conversationId: 'c' },
    me: { status: 'away', awayAfter: 60, sound: false, desktop: true },
    visitor: { visitorId: 'v', name: 'n' },
  };
  /** Every field of every frame replaced by each wrong value that its schema refuses, and the frame's tag too. */
  const variants = (frames: Record<string, Record<string, unknown>>) =>
    Object.entries(frames).flatMap(([t, fields]) => [
      ...WRONG.map((wrong) => ({ ...fields, t: wrong })),
      ...Object.keys(fields).flatMap((field) => WRONG.filter((wrong) => typeof wrong !== typeof fields[field]).map((wrong) => ({ t, ...fields, [field]: wrong }))),
      ...WRONG.map((wrong) => wrong),
    ]);

  it('every visitor frame with a field of the wrong type is bad_frame and writes nothing', async () => {
    const { socket } = await helloVisitor(server, shop);
    const frames = variants(visitorFrames);
    await writesNothing(async () => {
      for (const frame of frames) socket.send(JSON.stringify(frame));
      await socket.next(() => socket.frames.filter((f) => f.t === 'error').length >= frames.length, 10_000);
      expect(new Set(socket.frames.filter((f) => f.t === 'error').map((f) => f.code))).toEqual(new Set(['bad_frame']));
    });
    socket.close();
  });

  it('every agent frame with a field of the wrong type is bad_frame and writes nothing', async () => {
    const frames = variants(agentFrames);
    await writesNothing(async () => {
      for (const frame of frames) bob.send(JSON.stringify(frame));
      await bob.next(() => bob.frames.filter((f) => f.t === 'error').length >= frames.length, 10_000);
      expect(new Set(bob.frames.filter((f) => f.t === 'error').map((f) => f.code))).toEqual(new Set(['bad_frame']));
    });
  });

  it("an agent's me or visitor frame that changes nothing is bad_frame, not a failure of the server (found by the fuzzer)", async () => {
    await writesNothing(async () => {
      bob.send({ t: 'me' });
      bob.send({ t: 'visitor', visitorId: other.visitorId });
      bob.send({ t: 'visitor', visitorId: 'no-such-visitor' });
      await bob.next(() => bob.frames.filter((f) => f.t === 'error').length === 3);
      expect(bob.frames.filter((f) => f.t === 'error').map((f) => f.code)).toEqual(['bad_frame', 'bad_frame', 'bad_frame']);
    });
  });
});

describe('oversized, deep and malformed input', () => {
  it('a frame over MAX_FRAME_BYTES closes the socket (1009); a text over the limit is bad_frame', async () => {
    const agent = await agentSocket(server, await signIn(server, 'bob@shop.example', 'correct horse'));
    await agent.next((f) => f.t === 'conversations');
    const { socket } = await helloVisitor(server, shop);
    await writesNothing(async () => {
      socket.send({ t: 'send', clientId: 'long', text: 'x'.repeat(MAX_MESSAGE_LENGTH + 1) });
      expect(await socket.next((f) => f.t === 'error')).toMatchObject({ code: 'bad_frame', clientId: 'long' });
      socket.send({ t: 'send', clientId: 'huge', text: 'x'.repeat(MAX_FRAME_BYTES) });
      expect(CUT).toContain((await socket.waitClosed())?.code);
      agent.send({ t: 'send', conversationId: other.conversationId, clientId: 'huge', text: 'x'.repeat(MAX_FRAME_BYTES) });
      expect(CUT).toContain((await agent.waitClosed())?.code);
    });
  });

  it('deeply nested JSON in a frame and in a body is refused without a crash', async () => {
    const deep = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
    const deepObject = (depth: number) => '{"t":'.repeat(depth) + '1' + '}'.repeat(depth);
    await writesNothing(async () => {
      const socket = await rawVisitor(shop);
      socket.send(deep(MAX_FRAME_BYTES / 2 - 1));
      socket.send('['.repeat(MAX_FRAME_BYTES - 1));
      socket.send(deepObject(MAX_FRAME_BYTES / 8));
      socket.send(`{"t":"send","clientId":"deep","text":${deep(10_000)}}`);
      await socket.next(() => socket.frames.length >= 4);
      expect(socket.frames.map((f) => f.code)).toEqual(['bad_frame', 'bad_frame', 'bad_frame', 'bad_frame']);
      for (const body of [deep(100_000), '['.repeat(100_000), `{"email":${deep(50_000)},"password":"x"}`]) {
        const res = await fetch(`${server.url}/api/login`, { method: 'POST', headers: { origin: server.url, 'content-type': 'application/json' }, body });
        expect([400, 413]).toContain(res.status);
      }
    });
  });

  it('oversized HTTP bodies are refused, not taken in', async () => {
    await writesNothing(async () => {
      const big = JSON.stringify({ email: 'ann@shop.example', password: 'x'.repeat(2_000_000) });
      for (const path of ['/api/login', '/api/setup']) {
        const res = await fetch(`${server.url}${path}`, { method: 'POST', headers: { origin: server.url, 'content-type': 'application/json' }, body: big });
        expect([400, 404, 413]).toContain(res.status);
      }
    });
  });

  it('invalid UTF-8 in a text frame closes the socket (1007) and stores nothing', async () => {
    const invalid = [[0xff], [0xc3, 0x28], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xe2, 0x82]];
    const sockets = await Promise.all(invalid.map(async () => (await helloVisitor(server, shop)).socket));
    await writesNothing(async () => {
      for (const [i, bytes] of invalid.entries()) {
        const socket = sockets[i]!;
        const frame = Buffer.concat([Buffer.from('{"t":"send","clientId":"bad","text":"'), Buffer.from(bytes), Buffer.from('"}')]);
        (socket.ws as WebSocket).send(frame, { binary: false });
        expect(CUT).toContain((await socket.waitClosed())?.code);
      }
    });
  });

  it('a binary frame is bad_frame', async () => {
    const { socket } = await helloVisitor(server, shop);
    socket.ws.send(Buffer.from('{"t":"activity"}'), { binary: true });
    expect(await socket.next((f) => f.t === 'error')).toMatchObject({ code: 'bad_frame' });
    socket.close();
  });
});

describe('controls, bidi characters and lone surrogates', () => {
  /** As JSON escapes, so the lone surrogate reaches the server as one, not already replaced by the sender's UTF-8 encoder. */
  const HOSTILE = '\\u202e\\u2066\\u0000\\u001b[2J\\u0085\\u007f\\ud800';
  /** SQLite's own view of the bytes: a lone surrogate written as CESU bytes (ED A0 80) is invalid UTF-8. */
  const validUtf8 = (table: string, column: string, id: string) => {
    const { hex } = db.prepare(`select hex(${column}) as hex from ${table} where id = ?`).get(id) as { hex: string };
    return Buffer.from(Buffer.from(hex, 'hex').toString('utf8')).toString('hex').toUpperCase() === hex;
  };

  it("are cleaned from a visitor's message, name, phone, page title and address before they are stored", async () => {
    const { socket, welcome } = await helloVisitor(server, shop);
    socket.send(`{"t":"identify","name":"${HOSTILE}Eve${HOSTILE}","phone":"${HOSTILE}555"}`);
    socket.send(`{"t":"page","page":{"url":"https://shop.example/${HOSTILE}a","title":"${HOSTILE}Checkout${HOSTILE}","referrer":"https://ref.example/${HOSTILE}"}}`);
    socket.send(`{"t":"send","clientId":"c${HOSTILE}","text":"line 1${HOSTILE}\\nline 2\\tend\\r\\n${HOSTILE}"}`);
    const ack = await socket.next((f) => f.t === 'ack');
    expect(ack.clientId).toBe('c[2J\uFFFD');
    const visitor = db.prepare('select name, phone, page_url as url, page_title as title, referrer from visitors where id = ?').get(welcome.visitorId) as Record<string, string>;
    expect(visitor).toEqual({ name: '[2J\uFFFDEve[2J\uFFFD', phone: '[2J\uFFFD555', url: 'https://shop.example/[2J\uFFFDa', title: '[2J\uFFFDCheckout[2J\uFFFD', referrer: 'https://ref.example/[2J\uFFFD' });
    const message = db.prepare('select id, text, client_id as clientId from messages where id = ?').get(ack.id) as { id: string; text: string; clientId: string };
    expect(message.text).toBe('line 1[2J\uFFFD\nline 2\tend\n[2J\uFFFD');
    for (const [table, column, id] of [
      ['messages', 'text', ack.id],
      ['messages', 'client_id', ack.id],
      ['visitors', 'name', welcome.visitorId],
      ['visitors', 'page_title', welcome.visitorId],
    ] as const) {
      expect(validUtf8(table, column, id), `${table}.${column}`).toBe(true);
    }
    socket.close();
  });

  it("are cleaned from an agent's reply and edits", async () => {
    bob.send(`{"t":"send","conversationId":"${other.conversationId}","clientId":"r1","text":"${HOSTILE}Sure${HOSTILE}"}`);
    const ack = await bob.next((f) => f.t === 'ack' && f.clientId === 'r1');
    expect((db.prepare('select text from messages where id = ?').get(ack.id) as { text: string }).text).toBe('[2J\uFFFDSure[2J\uFFFD');
    expect(validUtf8('messages', 'text', ack.id)).toBe(true);
    bob.send(`{"t":"visitor","visitorId":"${other.visitorId}","name":"${HOSTILE}Olga"}`);
    await bob.next((f) => f.t === 'visitor' && f.item.id === other.visitorId && f.item.name?.endsWith('Olga'));
    expect(db.prepare('select name from visitors where id = ?').get(other.visitorId)).toEqual({ name: '[2J\uFFFDOlga' });
    expect(validUtf8('visitors', 'name', other.visitorId)).toBe(true);
  });

  it('a page address with any scheme but http(s) is refused and not stored', async () => {
    const { socket, welcome } = await helloVisitor(server, shop, { page: { url: 'https://shop.example/start', title: 'Start', referrer: '' } });
    const bad = ['javascript:alert(1)', 'JaVaScRiPt:alert(1)', ' \\u0001javascript:alert(1)', 'data:text/html,<script>alert(1)</script>', 'vbscript:msgbox(1)', '\\tjavascript:alert(1)'];
    for (const url of bad) {
      socket.send(`{"t":"page","page":{"url":"${url}","title":"t","referrer":""}}`);
      socket.send(`{"t":"page","page":{"url":"https://shop.example/","title":"t","referrer":"${url}"}}`);
    }
    await socket.next(() => socket.frames.filter((f) => f.t === 'error').length === bad.length * 2);
    expect(new Set(socket.frames.filter((f) => f.t === 'error').map((f) => f.code))).toEqual(new Set(['bad_frame']));
    expect(db.prepare('select page_url as url, referrer from visitors where id = ?').get(welcome.visitorId)).toEqual({ url: 'https://shop.example/start', referrer: null });
    const hello = await rawVisitor(shop);
    hello.send({ t: 'hello', site: shop.key, page: { url: 'javascript:alert(1)', title: 't', referrer: '' } });
    expect(await hello.next((f) => f.t === 'error')).toMatchObject({ code: 'bad_frame' });
    socket.close();
  });
});
