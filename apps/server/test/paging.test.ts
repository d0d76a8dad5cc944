/**
 * History paging over real sockets: a long conversation opens at its latest page, older pages
 * come on request and cover every message exactly once, in order; resuming with `since` still
 * gets every message after it, however many.
 */
import { HISTORY_PAGE } from '@parley/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashPassword } from '../src/core/auth/password.ts';
import type { Agent, Site } from '../src/ports/store.ts';
import { agentSocket, helloVisitor, signIn, startTestServer, type TestServer, type TestSocket } from './harness.ts';

const TOTAL = 300;
let server: TestServer;
let site: Site;
let ann: Agent;

beforeEach(async () => {
  server = await startTestServer();
  site = await server.store.sites.create({ name: 'Shop', origins: ['https://shop.example'] });
  ann = await server.store.agents.create({ email: 'ann@shop.example', name: 'Ann', role: 'admin', passwordHash: await hashPassword('correct horse') });
});
afterEach(() => server.destroy());

/** A visitor with TOTAL messages stored, every 10th a 'left' event the visitor does not see. */
async function longConversation() {
  const { socket, welcome } = await helloVisitor(server, site);
  socket.close();
  const conversation = await server.store.conversations.ensureOfVisitor({ siteId: site.id, visitorId: welcome.visitorId, at: 1 });
  for (let i = 1; i <= TOTAL; i++) {
    if (i % 10 === 0) await server.store.messages.recordEvent(conversation.id, { event: 'left', agentId: ann.id, at: i });
    else await server.store.messages.append((await server.store.conversations.byId(conversation.id))!, { clientId: `c${i}`, text: `m${i}`, at: i, author: i % 2 ? 'visitor' : 'agent', agentId: i % 2 ? null : ann.id });
  }
  return { conversationId: conversation.id, token: welcome.token as string };
}

/** Asks for older pages until there are none; the seqs of every page, oldest page first. */
async function readBack(socket: TestSocket, ask: (before: number) => unknown, first: number, limit: number) {
  const pages: number[][] = [];
  let before = first;
  for (;;) {
    socket.send(ask(before));
    const page = await socket.next((f) => f.t === 'older' && f.before === before);
    pages.unshift(page.messages.map((m: { seq: number }) => m.seq));
    if (!page.more) return pages;
    before = page.messages[0].seq;
  }
}

describe('history paging', () => {
  it('opens a long conversation at its latest page for the agent, and older pages cover all exactly once, in order', async () => {
    const { conversationId } = await longConversation();
    const agent = await agentSocket(server, await signIn(server, 'ann@shop.example', 'correct horse'));
    await agent.next((f) => f.t === 'conversations');
    agent.send({ t: 'open', conversationId, since: 0 });
    const history = await agent.next((f) => f.t === 'history');
    expect(history.older).toBe(true);
    expect(history.messages.map((m: { seq: number }) => m.seq)).toEqual(Array.from({ length: HISTORY_PAGE }, (_, i) => TOTAL - HISTORY_PAGE + 1 + i));

    const pages = await readBack(agent, (before) => ({ t: 'older', conversationId, before, limit: 70 }), history.messages[0].seq, 70);
    expect(pages.map((p) => p.length)).toEqual([40, 70, 70, 70]);
    expect([...pages.flat(), ...history.messages.map((m: { seq: number }) => m.seq)]).toEqual(Array.from({ length: TOTAL }, (_, i) => i + 1));

    // Resuming from a held seq still brings everything after it, not a page.
    agent.send({ t: 'open', conversationId, since: 10 });
    const resumed = await agent.next((f) => f.t === 'history' && f.messages[0]?.seq === 11);
    expect(resumed.messages).toHaveLength(TOTAL - 10);
    agent.close();
  });

  it('refuses older history of a conversation the agent may not see, and an oversized page', async () => {
    const { conversationId } = await longConversation();
    // Bob is of another team than the one the site routes to.
    await server.store.teams.create({ name: 'Other', mode: 'collaboration' });
    await server.store.teams.create({ name: 'Sales', mode: 'collaboration' });
    await server.store.agents.create({ email: 'bob@shop.example', name: 'Bob', role: 'agent', teams: ['Other'], passwordHash: await hashPassword('correct horse') });
    await server.store.sites.update(site.key, { settings: { ...site.settings, team: 'Sales' } });
    const bob = await agentSocket(server, await signIn(server, 'bob@shop.example', 'correct horse'));
    await bob.next((f) => f.t === 'conversations');
    bob.send({ t: 'older', conversationId, before: 100 });
    expect(await bob.next((f) => f.t === 'error')).toMatchObject({ code: 'not_found' });
    bob.send({ t: 'older', conversationId, before: 100, limit: 100_000 });
    expect(await bob.next((f) => f.t === 'error' && f.code === 'bad_frame')).toBeTruthy();
    expect(bob.frames.filter((f) => f.t === 'older')).toEqual([]);
    bob.close();
  });

  it('welcomes the widget with the latest page, pages older ones without the events it may not see, and resumes with everything after since', async () => {
    const { token } = await longConversation();
    const { socket, welcome } = await helloVisitor(server, site, { token });
    expect(welcome.older).toBe(true);
    const latest = Array.from({ length: HISTORY_PAGE }, (_, i) => TOTAL - HISTORY_PAGE + 1 + i).filter((seq) => seq % 10 !== 0);
    expect(welcome.messages.map((m: { seq: number }) => m.seq)).toEqual(latest);

    const pages = await readBack(socket, (before) => ({ t: 'older', before }), TOTAL - HISTORY_PAGE + 1, HISTORY_PAGE);
    expect(pages).toHaveLength(5);
    const visible = Array.from({ length: TOTAL }, (_, i) => i + 1).filter((seq) => seq % 10 !== 0);
    expect([...pages.flat(), ...latest]).toEqual(visible);
    socket.close();

    const resumed = await helloVisitor(server, site, { token, since: 5 });
    expect(resumed.welcome.messages.map((m: { seq: number }) => m.seq)).toEqual(visible.filter((seq) => seq > 5));
    resumed.socket.close();
  });
});

describe('history paging over HTTP', () => {
  it('pages back through a whole transcript with ?before (History reads closed conversations this way), and refuses a bad seq', async () => {
    const { conversationId } = await longConversation();
    const cookie = await signIn(server, 'ann@shop.example', 'correct horse');
    const get = async (query: string) => fetch(`${server.url}/api/conversations/${conversationId}/messages${query}`, { headers: { cookie } });
    type Page = { messages: Array<{ seq: number }>; older: boolean };
    let page = (await (await get('')).json()) as Page;
    const seqs = page.messages.map((m) => m.seq);
    while (page.older) {
      page = (await (await get(`?before=${seqs[0]}`)).json()) as Page;
      seqs.unshift(...page.messages.map((m) => m.seq));
    }
    expect(seqs).toEqual(Array.from({ length: TOTAL }, (_, i) => i + 1));
    expect((await get('?before=0')).status).toBe(400);
    expect((await get('?before=x')).status).toBe(400);
  });
});

