/** The server-side notification centre: who is told of what, read state per agent across sockets and reconnects, grab offers withdrawn, conversation unread marks. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DomainEvent } from '../src/core/events.ts';
import type { Site } from '../src/ports/store.ts';
import { agentSocket, helloVisitor, signIn, startTestServer, type TestServer, type TestSocket } from './harness.ts';
import { sleep } from './mail-harness.ts';

let server: TestServer;
let desk: Site;
let other: Site;
const ids: Record<string, string> = {};
const sockets: TestSocket[] = [];

beforeEach(async () => {
  cookies = {};
  server = await startTestServer();
  const { sites, agents, teams } = server.core;
  await teams.add({ name: 'desk', mode: 'grab' });
  await teams.add({ name: 'other', mode: 'collaboration' });
  desk = await sites.update((await sites.create({ name: 'Desk', origins: ['https://desk.example'] })).key, { settings: { team: 'desk', newConversations: 0 } });
  other = await sites.update((await sites.create({ name: 'Other', origins: ['https://other.example'] })).key, { settings: { team: 'other', newConversations: 0 } });
  for (const [name, role, teamNames] of [
    ['anna', 'agent', ['desk']],
    ['ben', 'agent', ['desk']],
    ['tess', 'team-admin', ['desk']],
    ['olaf', 'agent', ['other']],
    ['otto', 'agent', ['other']],
    ['ada', 'admin', []],
  ] as const) {
    ids[name] = (await agents.add({ email: `${name}@shop.example`, name, role, teams: [...teamNames], password: 'password1' })).id;
  }
});
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.close();
  await server.destroy();
});

let cookies: Record<string, string> = {};
async function consoleOf(name: string) {
  cookies[name] ??= await signIn(server, `${name}@shop.example`, 'password1');
  const socket = await agentSocket(server, cookies[name]!);
  sockets.push(socket);
  await socket.next((f) => f.t === 'visitors');
  return socket;
}

async function newConversation(site: Site, text = 'Can someone help?') {
  const { socket } = await helloVisitor(server, site);
  sockets.push(socket);
  socket.send({ t: 'send', clientId: `q-${text}`, text });
  return { visitor: socket, conversationId: (await socket.next((f) => f.t === 'ack')).conversationId as string };
}

const notified = (socket: TestSocket) => socket.frames.filter((f) => f.t === 'notification').map((f) => `${f.item.kind} ${f.item.text}`);
const notification = (socket: TestSocket, kind: string) => socket.next((f) => f.t === 'notification' && f.item.kind === kind);
const connectFrame = (socket: TestSocket) => socket.frames.find((f) => f.t === 'notifications');

describe('who is told', () => {
  it('offers a grab team’s new conversation to its available agents only: not to team admins, admins, away agents or other teams', async () => {
    await server.core.agents.update(ids.ben!, { status: 'away' });
    const consoles = { anna: await consoleOf('anna'), ben: await consoleOf('ben'), tess: await consoleOf('tess'), olaf: await consoleOf('olaf'), ada: await consoleOf('ada') };
    const { conversationId } = await newConversation(desk);
    const offer = await notification(consoles.anna, 'offer');
    expect(offer).toMatchObject({ unread: 1, item: { kind: 'offer', conversationId, text: 'Can someone help?', read: false, visitorName: expect.stringMatching(/^Visitor /) } });
    await sleep(200);
    for (const name of ['ben', 'tess', 'olaf', 'ada'] as const) expect(notified(consoles[name]), name).toEqual([]);
    expect(notified(consoles.anna)).toEqual(['offer Can someone help?']);
  });

  it('tells everyone who may see a collaboration team’s new conversation; then a message only those joined or assigned, never its author', async () => {
    const consoles = { anna: await consoleOf('anna'), olaf: await consoleOf('olaf'), otto: await consoleOf('otto'), ada: await consoleOf('ada') };
    const { conversationId, visitor } = await newConversation(other);
    for (const name of ['olaf', 'otto', 'ada'] as const) await notification(consoles[name], 'conversation');
    consoles.olaf.send({ t: 'join', conversationId });
    await consoles.olaf.next((f) => f.t === 'conversation' && f.item.agents.length === 1);
    visitor.send({ t: 'send', clientId: 'q2', text: 'Do you ship to Norway?' });
    await notification(consoles.olaf, 'message');
    consoles.ada.send({ t: 'send', conversationId, clientId: 'r1', text: 'We do.' });
    await consoles.olaf.next((f) => f.t === 'notification' && f.item.text === 'We do.');
    await sleep(200);
    expect(notified(consoles.olaf)).toEqual(['conversation Can someone help?', 'message Do you ship to Norway?', 'message We do.']);
    expect(notified(consoles.otto)).toEqual(['conversation Can someone help?']);
    expect(notified(consoles.ada)).toEqual(['conversation Can someone help?']);
    expect(notified(consoles.anna)).toEqual([]);
  });

  it('tells of a conversation turning overdue: those in it, or everyone who may see it when nobody is', async () => {
    const [olaf, otto] = [await consoleOf('olaf'), await consoleOf('otto')];
    const { conversationId } = await newConversation(other);
    await notification(otto, 'conversation');
    const overdue = { type: 'urgency', conversationId, site: other, urgency: 'overdue' } as unknown as DomainEvent;
    await server.core.ctx.dispatch.emit([{ type: 'urgency', conversationId, site: other, urgency: 'soon' } as unknown as DomainEvent, overdue]);
    await notification(olaf, 'overdue');
    await notification(otto, 'overdue');
    otto.send({ t: 'join', conversationId });
    await otto.next((f) => f.t === 'conversation' && f.item.agents.length === 1);
    await server.core.ctx.dispatch.emit([overdue]);
    await otto.next((f) => f.t === 'notification' && f.item.kind === 'overdue' && f.unread === 3);
    await sleep(200);
    expect(notified(olaf)).toEqual(['conversation Can someone help?', 'overdue Can someone help?']);
  });

  it('tells everyone who may see it of a missed conversation, with the customer’s question', async () => {
    await server.core.sites.update(other.key, { settings: { team: 'other', chat: false } });
    const olaf = await consoleOf('olaf');
    await newConversation(other, 'Are you open on Sunday?');
    expect((await notification(olaf, 'missed')).item.text).toBe('Are you open on Sunday?');
    await sleep(200);
    expect(notified(olaf)).toEqual(['missed Are you open on Sunday?']);
  });
});

describe('read state is the server’s', () => {
  it('is shared by two sockets of one agent and kept over a reconnect; another agent’s is their own', async () => {
    const [first, second, otto] = [await consoleOf('olaf'), await consoleOf('olaf'), await consoleOf('otto')];
    await newConversation(other, 'One');
    await newConversation(other, 'Two');
    const one = (await first.next((f) => f.t === 'notification' && f.item.text === 'One')).item.id;
    await first.next((f) => f.t === 'notification' && f.item.text === 'Two' && f.unread === 2);
    first.send({ t: 'read', ids: [one] });
    expect(await second.next((f) => f.t === 'notificationsChanged')).toEqual({ t: 'notificationsChanged', read: [one], removed: [], unread: 1 });
    const again = await consoleOf('olaf');
    expect(connectFrame(again).unread).toBe(1);
    expect(connectFrame(again).items.map((n: { text: string; read: boolean }) => `${n.text} ${n.read}`)).toEqual(['Two false', 'One true']);
    again.send({ t: 'read' });
    await first.next((f) => f.t === 'notificationsChanged' && f.unread === 0);
    expect(connectFrame(await consoleOf('olaf')).unread).toBe(0);
    expect(connectFrame(await consoleOf('otto')).unread).toBe(2);
    expect(otto.frames.some((f) => f.t === 'notificationsChanged')).toBe(false);
  });

  it('keeps how far the agent read each conversation: sent to their other tabs, and on connect; seeing it reads its notifications', async () => {
    const [first, second] = [await consoleOf('olaf'), await consoleOf('olaf')];
    const { conversationId } = await newConversation(other);
    await second.next((f) => f.t === 'notification');
    first.send({ t: 'seen', conversationId, seq: 99 });
    expect(await second.next((f) => f.t === 'seen' && f.items[conversationId])).toEqual({ t: 'seen', items: { [conversationId]: 1 } });
    await second.next((f) => f.t === 'notificationsChanged' && f.unread === 0);
    const again = await consoleOf('olaf');
    expect(again.frames.find((f) => f.t === 'seen').items).toEqual({ [conversationId]: 1 });
    expect((await consoleOf('otto')).frames.find((f) => f.t === 'seen').items).toEqual({});
    // Lower marks change nothing; a conversation the agent may not see is not found.
    first.send({ t: 'seen', conversationId, seq: 0 });
    const anna = await consoleOf('anna');
    anna.send({ t: 'seen', conversationId, seq: 1 });
    expect(await anna.next((f) => f.t === 'error')).toMatchObject({ code: 'not_found' });
    expect((await consoleOf('olaf')).frames.find((f) => f.t === 'seen').items).toEqual({ [conversationId]: 1 });
  });
});

describe('grab offers', () => {
  it('vanish for the others once one grabs, live and after a reconnect; the loser of a race is told who won', async () => {
    const [anna, ben] = [await consoleOf('anna'), await consoleOf('ben')];
    const { conversationId } = await newConversation(desk);
    const annaOffer = (await notification(anna, 'offer')).item.id;
    const benOffer = (await notification(ben, 'offer')).item.id;
    anna.send({ t: 'assign', conversationId, agentId: ids.anna });
    ben.send({ t: 'assign', conversationId, agentId: ids.ben });
    await sleep(300);
    const annaWon = (await server.store.conversations.byId(conversationId))?.assigneeId === ids.anna;
    const [winner, loser, loserOffer, winnerName] = annaWon ? [anna, ben, benOffer, 'anna'] : [ben, anna, annaOffer, 'ben'];
    expect(await loser.next((f) => f.t === 'notificationsChanged')).toEqual({ t: 'notificationsChanged', read: [], removed: [loserOffer], unread: 0 });
    expect(await loser.next((f) => f.t === 'error')).toMatchObject({ code: 'conflict', message: `${winnerName} took this conversation first.` });
    await winner.next((f) => f.t === 'notificationsChanged' && f.removed.length === 1);
    expect(connectFrame(await consoleOf(annaWon ? 'ben' : 'anna')).items).toEqual([]);
  });

  it('are withdrawn when an admin assigns the conversation', async () => {
    const [anna, ada] = [await consoleOf('anna'), await consoleOf('ada')];
    const { conversationId } = await newConversation(desk);
    const offer = (await notification(anna, 'offer')).item.id;
    ada.send({ t: 'assign', conversationId, agentId: ids.ben });
    await anna.next((f) => f.t === 'notificationsChanged' && f.removed.includes(offer));
    await anna.next((f) => f.t === 'removed' && f.conversationId === conversationId);
  });
});
