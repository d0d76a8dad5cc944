/**
 * Live statuses with time moved by hand: a real server and sockets on a manual clock, its job
 * runner finding each deadline once the clock passed it.
 */
import { type ConversationSummary, statusesOf } from '@parley/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createManualClock, type ManualClock } from '../src/adapters/memory/clock.ts';
import { hashPassword } from '../src/core/auth/password.ts';
import type { DomainEvent } from '../src/core/events.ts';
import type { Site } from '../src/ports/store.ts';
import { agentSocket, helloVisitor, signIn, startTestServer, type TestServer, type TestSocket } from './harness.ts';
import { FAST_MAIL, until } from './mail-harness.ts';

const SECOND = 1000;
const DAY = 86_400 * SECOND;

let clock: ManualClock;
let server: TestServer;
let site: Site;
let agent: TestSocket;
let events: DomainEvent[];

beforeEach(async () => {
  clock = createManualClock(Date.now());
  server = await startTestServer(undefined, {}, FAST_MAIL, { clock });
  const created = await server.store.sites.create({ name: 'Shop', origins: ['https://shop.example'] });
  site = await server.core.sites.update(created.key, { settings: {} });
  const ann = await server.store.agents.create({ email: 'ann@shop.example', name: 'Ann', role: 'admin', passwordHash: await hashPassword('correct horse') });
  await server.store.agents.update(ann.id, { lastSeenAt: clock.now() });
  agent = await agentSocket(server, await signIn(server, 'ann@shop.example', 'correct horse'));
  await agent.next((f) => f.t === 'conversations');
  events = [];
  read = 0;
  server.core.ctx.dispatch.on((event) => void events.push(event));
});
afterEach(async () => {
  agent.close();
  await server.destroy();
});

/** Frames before it were read already: each wait for a list line looks only at what came after the last one found. */
let read = 0;

/** The next list line of the conversation that `match` accepts. */
async function line(conversationId: string, match: (item: ConversationSummary) => boolean): Promise<ConversationSummary> {
  const from = read;
  const frame = await agent.next((f) => agent.frames.indexOf(f) >= from && f.t === 'conversation' && f.item.id === conversationId && match(f.item));
  read = agent.frames.indexOf(frame) + 1;
  return frame.item;
}

const has = (...statuses: string[]) => (item: ConversationSummary) => statuses.every((s) => (statusesOf(item) as string[]).includes(s));

async function visitorWrites(text: string, tab?: Awaited<ReturnType<typeof helloVisitor>>) {
  const visitor = tab ?? (await helloVisitor(server, site));
  const clientId = `v-${text}`;
  visitor.socket.send({ t: 'send', clientId, text });
  const { conversationId } = await visitor.socket.next((f) => f.t === 'ack' && f.clientId === clientId);
  return { visitor, conversationId: conversationId as string };
}

/** Moves the clock and waits until the runner has nothing due left of `kind`. */
async function pass(ms: number, kind: string) {
  clock.advance(ms);
  server.core.ctx.wakeJobs();
  await until(async () => {
    const next = await server.core.ctx.jobs.nextDue([kind]);
    return next === null || next > clock.now();
  }, 3000);
}

describe('live statuses', () => {
  it('goes rep needed, pending once an agent joins, soon at 3 minutes, overdue at 5; an answer resets it', async () => {
    const waitedFrom = clock.now();
    const { visitor, conversationId } = await visitorWrites('Hello?');
    const first = await line(conversationId, has('rep-needed'));
    expect(statusesOf(first)).toEqual(['online', 'rep-needed']);
    expect(first).toMatchObject({ waitingSince: waitedFrom, urgency: 'none' });

    agent.send({ t: 'join', conversationId });
    expect(statusesOf(await line(conversationId, (i) => i.agents.length === 1))).toEqual(['online', 'pending']);

    clock.advance(179 * SECOND);
    server.core.ctx.wakeJobs();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(agent.frames.some((f) => f.t === 'conversation' && f.item.urgency !== 'none')).toBe(false);

    clock.advance(SECOND);
    expect(statusesOf(await line(conversationId, (i) => i.urgency === 'soon'))).toEqual(['online', 'pending', 'soon']);
    clock.advance(120 * SECOND);
    expect(statusesOf(await line(conversationId, (i) => i.urgency === 'overdue'))).toEqual(['online', 'pending', 'overdue']);
    expect(events.filter((e) => e.type === 'urgency').map((e) => e.type === 'urgency' && [e.conversationId, e.urgency])).toEqual([
      [conversationId, 'soon'],
      [conversationId, 'overdue'],
    ]);

    agent.send({ t: 'send', conversationId, clientId: 'a1', text: 'Sorry for the wait!' });
    const answered = await line(conversationId, (i) => i.lastMessage?.text === 'Sorry for the wait!');
    expect(answered).toMatchObject({ urgency: 'none', waitingSince: null });
    expect(statusesOf(answered)).toEqual(['online']);
    visitor.socket.close();
  });

  it('ends the wait\'s deadlines with an answer, and measures a new wait from the next customer message', async () => {
    const { visitor, conversationId } = await visitorWrites('Hello?');
    await pass(100 * SECOND, 'conversation.urgency');
    agent.send({ t: 'send', conversationId, clientId: 'a1', text: 'Hi!' });
    await line(conversationId, (i) => i.waitingSince === null);
    // The old wait's soon mark (at 180 s) passes with nobody waiting: no status comes of it.
    await pass(100 * SECOND, 'conversation.urgency');
    expect((await server.store.conversations.byId(conversationId))?.urgency).toBe('none');

    const askedAt = clock.now();
    await visitorWrites('One more thing', visitor);
    await line(conversationId, (i) => i.waitingSince === askedAt);
    clock.advance(180 * SECOND);
    expect((await line(conversationId, (i) => i.urgency === 'soon')).waitingSince).toBe(askedAt);
    visitor.socket.close();
  });

  it('measures open waits again when the site changes its thresholds', async () => {
    const { visitor, conversationId } = await visitorWrites('Hello?');
    await pass(60 * SECOND, 'conversation.urgency');
    await server.core.sites.update(site.key, { settings: { soonAfter: 30, overdueAfter: 120 } });
    await line(conversationId, (i) => i.urgency === 'soon');
    clock.advance(60 * SECOND);
    await line(conversationId, (i) => i.urgency === 'overdue');
    visitor.socket.close();
  });

  it('never auto-closes while the customer waits; closes a day after the answer; a new message reopens it', async () => {
    const { visitor, conversationId } = await visitorWrites('Hello?');
    agent.send({ t: 'send', conversationId, clientId: 'a1', text: 'Hi, how can I help?' });
    await line(conversationId, (i) => i.waitingSince === null);
    await visitorWrites('My parcel did not come', visitor);
    await line(conversationId, (i) => i.waitingSince !== null);

    // The answer's auto-close deadline passes while the customer waits: it stays open.
    await pass(DAY + SECOND, 'conversation.autoClose');
    expect((await server.store.conversations.byId(conversationId))?.status).toBe('open');

    agent.send({ t: 'send', conversationId, clientId: 'a2', text: 'It is on its way.' });
    await line(conversationId, (i) => i.waitingSince === null);
    clock.advance(DAY - SECOND);
    await pass(0, 'conversation.autoClose');
    expect((await server.store.conversations.byId(conversationId))?.status).toBe('open');
    clock.advance(SECOND);
    expect(statusesOf(await line(conversationId, (i) => i.status === 'closed'))).toEqual(['online', 'closed']);

    const backAt = clock.now();
    await visitorWrites('It came, thanks!', visitor);
    const reopened = await line(conversationId, (i) => i.status === 'open' && i.lastMessage?.text === 'It came, thanks!');
    expect(reopened).toMatchObject({ waitingSince: backAt, urgency: 'none' });
    expect(statusesOf(reopened)).toEqual(['online', 'pending']);
    visitor.socket.close();
  });

  it('starts a fresh wait when a customer writes into a conversation an agent closed while they waited', async () => {
    const { visitor, conversationId } = await visitorWrites('Hello?');
    clock.advance(300 * SECOND);
    await line(conversationId, (i) => i.urgency === 'overdue');
    agent.send({ t: 'close', conversationId });
    await line(conversationId, (i) => i.status === 'closed');
    const backAt = clock.now();
    await visitorWrites('Anyone?', visitor);
    const reopened = await line(conversationId, (i) => i.status === 'open');
    expect(reopened).toMatchObject({ waitingSince: backAt, urgency: 'none' });
    expect(statusesOf(reopened)).toEqual(['online', 'rep-needed']);
    visitor.socket.close();
  });

  it("sends the site's closing message when an agent closes, or the one the close frame carries, or none", async () => {
    await server.core.sites.update(site.key, { settings: { closingMessage: 'Thanks for chatting with us!' } });
    const { visitor, conversationId } = await visitorWrites('Hello?');
    agent.send({ t: 'close', conversationId });
    const said = await visitor.socket.next((f) => f.t === 'message' && f.message.author === 'agent');
    expect(said.message).toMatchObject({ text: 'Thanks for chatting with us!', authorName: 'Ann', seq: 2 });
    expect((await visitor.socket.next((f) => f.t === 'message' && f.message.event === 'closed')).message.seq).toBe(3);
    // The closing message is the site's answer: nobody waits in the closed conversation.
    expect(await line(conversationId, (i) => i.status === 'closed')).toMatchObject({ waitingSince: null, lastMessage: { text: 'Thanks for chatting with us!' } });

    await visitorWrites('One more question', visitor);
    await line(conversationId, (i) => i.status === 'open');
    agent.send({ t: 'close', conversationId, message: 'Bye for now.' });
    await visitor.socket.next((f) => f.t === 'message' && f.message.text === 'Bye for now.');

    await visitorWrites('And another', visitor);
    await line(conversationId, (i) => i.status === 'open' && i.lastSeq === 7);
    agent.send({ t: 'close', conversationId, message: '' });
    await visitor.socket.next((f) => f.t === 'message' && f.message.event === 'closed' && f.message.seq === 8);
    const history = await server.store.messages.since(conversationId, 0);
    expect(history.filter((m) => m.author === 'agent').map((m) => m.text)).toEqual(['Thanks for chatting with us!', 'Bye for now.']);
    visitor.socket.close();
  });

  it('lists a missed conversation with the customer question, not the away reply, and lets its wait count', async () => {
    await server.core.sites.update(site.key, { settings: { chat: false } });
    const { visitor, conversationId } = await visitorWrites('Do you ship to Norway?');
    await visitor.socket.next((f) => f.t === 'message' && f.message.author === 'system');
    const missed = await line(conversationId, (i) => i.missed && i.lastSeq === 2);
    expect(missed.lastMessage).toMatchObject({ author: 'visitor', text: 'Do you ship to Norway?' });
    expect(missed.waitingSince).not.toBeNull();
    expect(statusesOf(missed)).toEqual(['online', 'rep-needed', 'missed']);
    clock.advance(180 * SECOND);
    expect(statusesOf(await line(conversationId, (i) => i.urgency === 'soon'))).toEqual(['online', 'rep-needed', 'soon', 'missed']);
    visitor.socket.close();
  });
});
