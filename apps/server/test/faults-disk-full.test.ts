/**
 * The database refusing writes: a full disk, simulated with `PRAGMA max_page_count` on the running
 * server's own connection. Senders get an error and never a false ack; reads keep working; once
 * there is room again the same client id is stored once; nothing is ever half written.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { openSqliteStore } from '../src/adapters/sqlite/store.ts';
import { hashPassword } from '../src/core/auth/password.ts';
import { StoreUnavailableError } from '../src/ports/errors.ts';
import type { Site } from '../src/ports/store.ts';
import { storedProblems } from './faults-harness.ts';
import { agentSocket, helloVisitor, signIn, startTestServer, type TestServer, type TestSocket } from './harness.ts';

let server: TestServer;
let site: Site;
/** The server's own connection: a pragma on it limits what the running server may write. */
let sqlite: ReturnType<typeof openSqliteStore>['sqlite'];

/** The file may grow by `pages` more pages (0: not at all); returns the new limit. */
const allowPages = (pages: number) => sqlite.pragma(`max_page_count = ${(sqlite.pragma('page_count', { simple: true }) as number) + pages}`, { simple: true });
const roomAgain = () => sqlite.pragma('max_page_count = 4294967294');
const rowsOf = (clientId: string) => sqlite.prepare('SELECT seq, conversation_id AS conversationId FROM messages WHERE client_id = ?').all(clientId);

beforeEach(async () => {
  server = await startTestServer();
  sqlite = (server.store as ReturnType<typeof openSqliteStore>).sqlite;
  site = await server.store.sites.create({ name: 'Shop', origins: ['https://shop.example'] });
  const ann = await server.store.agents.create({ email: 'ann@shop.example', name: 'Ann', role: 'admin', passwordHash: await hashPassword('correct horse') });
  await server.store.agents.update(ann.id, { lastSeenAt: Date.now() });
});
afterEach(async () => {
  roomAgain();
  await server.destroy();
});

describe('group commit on a full disk', () => {
  it('fails only the command that did not fit; its neighbours in the same group are stored, nothing half written', async () => {
    const conversations = [];
    for (const tokenHash of ['a', 'b']) {
      const visitor = await server.store.visitors.create({ siteId: site.id, tokenHash });
      conversations.push(await server.store.conversations.ensureOfVisitor({ siteId: site.id, visitorId: visitor.id, at: Date.now() }));
    }
    const [small, big] = conversations as [(typeof conversations)[0], (typeof conversations)[0]];
    const append = (conversation: typeof small, clientId: string, text: string) =>
      server.store.transaction((tx) => tx.messages.append(conversation, { clientId, text, at: Date.now(), author: 'visitor', agentId: null }));
    // Room for a few small rows, far too little for 50 overflow pages: SQLite then rolls back the whole transaction itself.
    allowPages(8);
    const results = await Promise.allSettled([append(small, 's1', 'Hi'), append(big, 'b1', 'x'.repeat(200_000)), append(small, 's2', 'Anyone?')]);

    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(results.flatMap((r) => (r.status === 'fulfilled' ? [r.value.message.seq] : []))).toEqual([1, 2]);
    const refusal = (results[1] as PromiseRejectedResult).reason;
    expect(refusal).toBeInstanceOf(StoreUnavailableError);
    expect(refusal.message).toMatch(/disk is full/);
    expect(rowsOf('b1')).toEqual([]);
    expect(storedProblems(sqlite)).toEqual([]);

    roomAgain();
    expect((await append(big, 'b1', 'x'.repeat(200_000))).message.seq).toBe(1);
    expect(rowsOf('b1')).toHaveLength(1);
    expect(storedProblems(sqlite)).toEqual([]);
  });

  it('lets nothing of a command run outside its transaction after SQLite rolled it back, even if the command swallowed the error', async () => {
    const visitor = await server.store.visitors.create({ siteId: site.id, tokenHash: 'a' });
    const conversation = await server.store.conversations.ensureOfVisitor({ siteId: site.id, visitorId: visitor.id, at: Date.now() });
    const message = (clientId: string, text: string) => ({ clientId, text, at: Date.now(), author: 'visitor' as const, agentId: null });
    allowPages(8);
    const careless = server.store.transaction(async (tx) => {
      await tx.messages.append(conversation, message('big', 'x'.repeat(200_000))).catch(() => null);
      return tx.messages.append(conversation, message('after', 'Hi'));
    });
    const outcome = await careless.then(() => 'stored', (error: unknown) => error);
    expect([rowsOf('big'), rowsOf('after')]).toEqual([[], []]);
    expect(outcome).toBeInstanceOf(StoreUnavailableError);
    expect(storedProblems(sqlite)).toEqual([]);
  });
});

describe('sockets on a full disk', () => {
  /** Long enough (UTF-8, two bytes a character) that every such message needs a page of its own. */
  const long = (n: number) => `${n} ${'é'.repeat(3990)}`;
  const noAckFor = async (socket: TestSocket, clientId: string) => {
    await new Promise((resolve) => setTimeout(resolve, 200));
    return !socket.frames.some((f) => f.t === 'ack' && f.clientId === clientId);
  };

  it('answers every refused send with an error and no ack, keeps reads working, and stores the resend once when room returns', async () => {
    const cookie = await signIn(server, 'ann@shop.example', 'correct horse');
    const agent = await agentSocket(server, cookie);
    await agent.next((f) => f.t === 'conversations');
    const visitors = [await helloVisitor(server, site), await helloVisitor(server, site)];
    for (const [i, { socket }] of visitors.entries()) {
      socket.send({ t: 'send', clientId: `first-${i}`, text: 'Hello' });
      await socket.next((f) => f.t === 'ack' && f.clientId === `first-${i}`);
    }
    const conversationId = visitors[0]!.socket.frames.find((f) => f.t === 'ack').conversationId as string;

    // The disk fills up while visitors write: long messages, taking turns, until the first is refused.
    allowPages(0);
    let refused: { socket: TestSocket; clientId: string; text: string; frame: any } | null = null;
    for (let n = 0; n < 24 && !refused; n++) {
      const { socket } = visitors[n % 2]!;
      const [clientId, text] = [`long-${n}`, long(n)];
      socket.send({ t: 'send', clientId, text });
      const answer = await socket.next((f) => f.clientId === clientId);
      if (answer.t === 'error') refused = { socket, clientId, text, frame: answer };
    }
    expect(refused?.frame).toMatchObject({ t: 'error', code: 'unavailable', clientId: refused?.clientId, message: expect.stringMatching(/disk is full/) });
    expect(await noAckFor(refused!.socket, refused!.clientId)).toBe(true);

    agent.send({ t: 'send', conversationId, clientId: 'agent-long', text: long(99) });
    expect(await agent.next((f) => f.clientId === 'agent-long')).toMatchObject({ t: 'error', code: 'unavailable' });
    expect(await noAckFor(agent, 'agent-long')).toBe(true);

    // Reads: health, a history, the list a console gets on connect.
    const health = await fetch(`${server.url}/healthz`);
    expect([health.status, await health.json()]).toEqual([200, { ok: true }]);
    agent.send({ t: 'open', conversationId, since: 0 });
    const history = await agent.next((f) => f.t === 'history');
    expect(history.messages[0]).toMatchObject({ clientId: 'first-0', seq: 1 });
    const second = await agentSocket(server, cookie);
    const list = await second.next((f) => f.t === 'conversations');
    expect(list.items).toHaveLength(2);
    expect(storedProblems(sqlite)).toEqual([]);

    // Room again: the clients send the refused messages again, with the same client ids (twice, as a flaky link would).
    roomAgain();
    const acks = (socket: TestSocket, clientId: string) => socket.frames.filter((f) => f.t === 'ack' && f.clientId === clientId);
    for (let round = 1; round <= 2; round++) {
      refused!.socket.send({ t: 'send', clientId: refused!.clientId, text: refused!.text });
      agent.send({ t: 'send', conversationId, clientId: 'agent-long', text: long(99) });
      await refused!.socket.next(() => acks(refused!.socket, refused!.clientId).length === round);
      await agent.next(() => acks(agent, 'agent-long').length === round);
    }
    expect(new Set(acks(agent, 'agent-long').map((a) => a.seq)).size).toBe(1);
    expect(rowsOf(refused!.clientId)).toHaveLength(1);
    expect(rowsOf('agent-long')).toHaveLength(1);
    expect(storedProblems(sqlite)).toEqual([]);
    for (const socket of [agent, second, ...visitors.map((v) => v.socket)]) socket.close();
  });
});
