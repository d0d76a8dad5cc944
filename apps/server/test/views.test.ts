/** The list's views, filters, counts and pages over a real socket: what each agent sees, page after page, and live counts. */
import { LIST_PAGE_SIZE } from '@parley/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Site } from '../src/ports/store.ts';
import { agentSocket, helloVisitor, signIn, startTestServer, type TestServer, type TestSocket } from './harness.ts';
import { sleep } from './mail-harness.ts';

let server: TestServer;
let desk: Site;
let other: Site;
const ids: Record<string, string> = {};
const sockets: TestSocket[] = [];

beforeEach(async () => {
  server = await startTestServer();
  const { sites, agents, teams } = server.core;
  await teams.add({ name: 'desk', mode: 'grab' });
  await teams.add({ name: 'other', mode: 'collaboration' });
  desk = await sites.update((await sites.create({ name: 'Desk', origins: ['https://desk.example'] })).key, { settings: { team: 'desk', newConversations: 0 } });
  other = await sites.update((await sites.create({ name: 'Other', origins: ['https://other.example'] })).key, { settings: { team: 'other' } });
  for (const [name, role, teamNames] of [
    ['anna', 'agent', ['desk']],
    ['ben', 'agent', ['desk']],
    ['olaf', 'agent', ['other']],
    ['ada', 'admin', []],
  ] as const) {
    ids[name] = (await agents.add({ email: `${name}@shop.example`, name, role, teams: [...teamNames], password: 'password1' })).id;
  }
});
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.close();
  await server.destroy();
});

async function consoleOf(name: string) {
  const socket = await agentSocket(server, await signIn(server, `${name}@shop.example`, 'password1'));
  sockets.push(socket);
  await socket.next((f) => f.t === 'counts');
  return socket;
}

async function newConversation(site: Site, text: string) {
  const { socket } = await helloVisitor(server, site);
  sockets.push(socket);
  socket.send({ t: 'send', clientId: `q-${text}`, text });
  return (await socket.next((f) => f.t === 'ack')).conversationId as string;
}

/** A conversation written straight into the store: its customer wrote at `at` and waits. Quicker than a socket when a test needs many. */
async function storedConversation(site: Site, at: number, name: string) {
  const visitor = await server.store.visitors.create({ siteId: site.id, tokenHash: name });
  const conversation = await server.store.conversations.ensureOfVisitor({ siteId: site.id, visitorId: visitor.id, at });
  await server.store.messages.append(conversation, { clientId: name, text: name, at, author: 'visitor', agentId: null });
  return conversation.id;
}

/** Asks for a first page (or the one after `after`) and resolves with the page frame and, for a first page, the counts after it. */
async function ask(socket: TestSocket, query: Record<string, unknown>) {
  const from = socket.frames.length;
  socket.send({ t: 'list', ...query });
  const page = await socket.next((f) => f.t === 'page' && socket.frames.indexOf(f) >= from);
  const counts = query.after ? null : await socket.next((f) => f.t === 'counts' && socket.frames.indexOf(f) > socket.frames.indexOf(page));
  return { page, counts: counts?.counts, ids: page.items.map((c: { id: string }) => c.id) as string[] };
}

const latestCounts = (socket: TestSocket) => socket.frames.filter((f) => f.t === 'counts').at(-1).counts;

describe('views and filters', () => {
  it('shows each agent their views with counts; in a grab team All leaves out what another agent grabbed', async () => {
    // Consoles open first: with an agent available, a customer gets no away reply, and waits.
    const [ben, ada] = [await consoleOf('ben'), await consoleOf('ada'), await consoleOf('olaf')];
    const [grabbed, annas, free] = [await newConversation(desk, 'one'), await newConversation(desk, 'two'), await newConversation(desk, 'three')];
    const elsewhere = await newConversation(other, 'four');
    ben.send({ t: 'join', conversationId: grabbed });
    await ben.next((f) => f.t === 'conversation' && f.item.id === grabbed && f.item.assignee?.id === ids.ben);

    const anna = await consoleOf('anna');
    expect(anna.frames.find((f) => f.t === 'conversations').items.map((c: { id: string }) => c.id).sort()).toEqual([annas, free].sort());
    expect(latestCounts(anna).views).toEqual({ all: 2, joined: 0, mine: 0, unassigned: 2 });
    const sites = anna.frames.find((f) => f.t === 'sites').items;
    expect(sites).toContainEqual({ id: desk.id, name: 'Desk' });
    expect(sites.map((s: { id: string }) => s.id)).not.toContain(other.id);

    // Joining in a grab team grabs: the counts follow within a moment, pushed by the server.
    const countsBefore = anna.frames.filter((f) => f.t === 'counts').length;
    anna.send({ t: 'join', conversationId: annas });
    await anna.next((f) => f.t === 'counts' && anna.frames.filter((g) => g.t === 'counts').indexOf(f) >= countsBefore && f.counts.views.mine === 1);
    expect(latestCounts(anna)).toMatchObject({ views: { all: 2, joined: 1, mine: 1, unassigned: 1 }, statuses: { 'rep-needed': 1, pending: 1 } });

    expect((await ask(anna, { view: 'mine' })).ids).toEqual([annas]);
    expect((await ask(anna, { view: 'unassigned' })).ids).toEqual([free]);
    const repNeeded = await ask(anna, { view: 'all', status: 'rep-needed' });
    expect(repNeeded.ids).toEqual([free]);
    expect(repNeeded.page.query).toEqual({ view: 'all', status: 'rep-needed', team: null, site: null });
    expect(repNeeded.counts.views).toEqual({ all: 1, joined: 0, mine: 0, unassigned: 1 });
    // Asking for another team's site shows nothing of it, nor counts it.
    const foreign = await ask(anna, { view: 'all', site: other.id });
    expect(foreign.ids).toEqual([]);
    expect(foreign.counts.views.all).toBe(0);

    await ada.next((f) => f.t === 'counts' && f.counts.views.all === 4 && f.counts.statuses.pending === 2);
    expect(latestCounts(ada)).toMatchObject({ views: { all: 4, joined: 0, unassigned: 2 }, statuses: { 'rep-needed': 2, pending: 2 } });
    expect((await ask(ada, { view: 'all', team: 'desk' })).ids).toEqual([grabbed, annas, free]);
    expect((await ask(ada, { view: 'all', site: other.id, status: 'rep-needed' })).ids).toEqual([elsewhere]);
    expect((await ask(ada, { view: 'all', team: 'desk', status: 'pending' })).counts).toMatchObject({ views: { all: 2 }, statuses: { pending: 2, 'rep-needed': 1 } });
  });

  it('refuses a list frame that names no view or an unknown status', async () => {
    const anna = await consoleOf('anna');
    anna.send({ t: 'list', status: 'closed' });
    expect(await anna.next((f) => f.t === 'error')).toMatchObject({ code: 'bad_frame' });
    anna.send({ t: 'list', view: 'all', status: 'everything' });
    expect(await anna.next((f) => f.t === 'error' && anna.frames.filter((g) => g.t === 'error').length === 2)).toMatchObject({ code: 'bad_frame' });
  });
});

describe('paging', () => {
  it('returns every conversation exactly once across pages, while new ones keep coming', async () => {
    const start = Date.now() - 1_000_000;
    for (let i = 0; i < 120; i++) await storedConversation(desk, start + i * 1000, `c${i}`);
    const ada = await consoleOf('ada');
    const first = ada.frames.find((f) => f.t === 'conversations');
    expect(first.items).toHaveLength(LIST_PAGE_SIZE);
    const seen: string[] = first.items.map((c: { id: string }) => c.id);
    let after = first.next;
    let late = 0;
    for (; after; late++) {
      // A newcomer while paging sorts after every older wait, so it lands on a later page, not twice nor never.
      await storedConversation(desk, Date.now(), `late${late}`);
      const { page, ids: more } = await ask(ada, { view: 'all', after });
      seen.push(...more);
      after = page.next;
    }
    expect(seen).toHaveLength(new Set(seen).size);
    expect(late).toBe(2);
    expect(seen).toHaveLength(120 + late);
  });

  it('keeps a waiting customer on page 1 however many newer conversations come after', async () => {
    const waiting = await storedConversation(desk, Date.now() - 60_000, 'real customer');
    for (let i = 0; i < 2 * LIST_PAGE_SIZE; i++) await storedConversation(desk, Date.now() - 30_000 + i, `spam${i}`);
    const ada = await consoleOf('ada');
    const first = ada.frames.find((f) => f.t === 'conversations');
    expect(first.items[0].id).toBe(waiting);
    expect(first.items).toHaveLength(LIST_PAGE_SIZE);
    expect(first.next).not.toBeNull();
    expect(latestCounts(ada).views.all).toBe(2 * LIST_PAGE_SIZE + 1);
  });
});

describe('live counts', () => {
  it('recounts a burst of changes once, shortly after', async () => {
    const conversationId = await newConversation(desk, 'hello');
    const ada = await consoleOf('ada');
    const countsBefore = ada.frames.filter((f) => f.t === 'counts').length;
    for (let i = 0; i < 5; i++) {
      ada.send({ t: 'join', conversationId });
      ada.send({ t: 'leave', conversationId });
    }
    ada.send({ t: 'join', conversationId });
    await ada.next((f) => f.t === 'counts' && ada.frames.filter((g) => g.t === 'counts').indexOf(f) >= countsBefore && f.counts.views.joined === 1, 2000);
    await sleep(400);
    expect(ada.frames.filter((f) => f.t === 'counts').length - countsBefore).toBeLessThanOrEqual(2);
    expect(latestCounts(ada).views.joined).toBe(1);
  });
});
