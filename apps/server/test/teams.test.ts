/** Teams, roles, grab and assignment: who sees a conversation, who may take it, and that two grabs at once have one winner. */
import { CLOSE } from '@parley/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Site } from '../src/ports/store.ts';
import { agentSocket, helloVisitor, postJson, signIn, startTestServer, type TestServer, type TestSocket } from './harness.ts';
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
    ['tess', 'team-admin', ['desk']],
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
  await socket.next((f) => f.t === 'visitors');
  return socket;
}

async function newConversation(site: Site, text = 'Can someone help?') {
  const { socket } = await helloVisitor(server, site);
  sockets.push(socket);
  socket.send({ t: 'send', clientId: `q-${text}`, text });
  return { visitor: socket, conversationId: (await socket.next((f) => f.t === 'ack')).conversationId as string };
}

const listed = (socket: TestSocket) => socket.frames.find((f) => f.t === 'conversations').items.map((c: { id: string }) => c.id);

describe('teams and roles', () => {
  it('keeps a team’s conversations from other teams by socket, in the list and in every command; team admins and admins see them', async () => {
    const { conversationId } = await newConversation(other);
    const anna = await consoleOf('anna');
    expect(listed(anna)).toEqual([]);
    for (const frame of [{ t: 'open', conversationId, since: 0 }, { t: 'join', conversationId }, { t: 'assign', conversationId, agentId: ids.anna }]) {
      anna.send(frame);
      expect(await anna.next((f) => f.t === 'error' && !anna.frames.slice(anna.frames.indexOf(f) + 1).length)).toMatchObject({ code: 'not_found' });
    }
    expect((await server.store.conversations.byId(conversationId))?.assigneeId).toBeNull();
    expect(listed(await consoleOf('olaf'))).toEqual([conversationId]);
    expect(listed(await consoleOf('ada'))).toEqual([conversationId]);
    expect(listed(await consoleOf('tess'))).toEqual([]);
  });

  it('answers the same over HTTP: another team’s conversation does not exist for the agent; a team admin reads and assigns theirs', async () => {
    const { conversationId } = await newConversation(desk);
    const as = async (name: string) => signIn(server, `${name}@shop.example`, 'password1');
    const olaf = await as('olaf');
    const read = (cookie: string) => fetch(`${server.url}/api/conversations/${conversationId}/messages`, { headers: { cookie } });
    expect((await read(olaf)).status).toBe(404);
    expect((await postJson(server, `/api/conversations/${conversationId}/join`, {}, { cookie: olaf })).status).toBe(404);
    expect((await postJson(server, `/api/conversations/${conversationId}/assign`, { agentId: ids.olaf }, { cookie: olaf })).status).toBe(404);
    expect((await server.store.conversations.byId(conversationId))).toMatchObject({ agentCount: 0, assigneeId: null });
    const tess = await as('tess');
    expect(((await (await read(tess)).json()) as { messages: Array<{ text: string }> }).messages.map((m) => m.text)).toContain('Can someone help?');
    const anna = await as('anna');
    expect((await postJson(server, `/api/conversations/${conversationId}/assign`, { agentId: ids.ben }, { cookie: anna })).status).toBe(403);
    expect((await postJson(server, `/api/conversations/${conversationId}/assign`, { agentId: ids.anna }, { cookie: tess })).status).toBe(204);
    expect((await server.store.conversations.byId(conversationId))?.assigneeId).toBe(ids.anna);
    // Grabbed by Anna: Ben, of the same grab team, no longer finds it.
    expect((await read(await as('ben'))).status).toBe(404);
  });

  it('refuses a site a team that does not exist, and an agent an unknown team', async () => {
    await expect(server.core.sites.update(desk.key, { settings: { team: 'nobody' } })).rejects.toThrow(/No team is named nobody/);
    await expect(server.core.agents.add({ email: 'x@shop.example', name: 'X', role: 'agent', teams: ['ghosts'], password: 'password1' })).rejects.toThrow(/No team is named ghosts/);
    await expect(server.core.teams.add({ name: 'desk', mode: 'collaboration' })).rejects.toThrow(/exists already/);
  });
});

describe('grab', () => {
  it('offers a new conversation to the team; of two grabs at the same instant exactly one wins, and the other loses sight of it', async () => {
    const [anna, ben, tess] = [await consoleOf('anna'), await consoleOf('ben'), await consoleOf('tess')];
    const { conversationId, visitor } = await newConversation(desk);
    for (const socket of [anna, ben, tess]) await socket.next((f) => f.t === 'conversation' && f.item.id === conversationId && f.item.team?.mode === 'grab');
    anna.send({ t: 'join', conversationId });
    ben.send({ t: 'join', conversationId });
    await sleep(300);
    const stored = await server.store.conversations.byId(conversationId);
    const winner = stored!.assigneeId === ids.anna ? anna : ben;
    const loser = winner === anna ? ben : anna;
    expect([ids.anna, ids.ben]).toContain(stored!.assigneeId);
    expect(stored!.agentCount).toBe(1);
    expect(loser.frames.filter((f) => f.t === 'error')).toEqual([expect.objectContaining({ code: 'conflict', message: expect.stringMatching(/took this conversation first/) })]);
    expect(winner.frames.some((f) => f.t === 'error')).toBe(false);
    await loser.next((f) => f.t === 'removed' && f.conversationId === conversationId);
    const history = (await server.store.messages.since(conversationId, 0)).filter((m) => m.event).map((m) => `${m.event} ${m.agentName} ${m.subjectName ?? ''}`.trim());
    const name = winner === anna ? 'anna' : 'ben';
    expect(history).toEqual([`joined ${name}`, `assigned ${name} ${name}`]);

    // After the grab the loser hears nothing of it and may not open it; the team admin still does.
    const heardBefore = loser.frames.length;
    visitor.send({ t: 'send', clientId: 'q2', text: 'Still there?' });
    await winner.next((f) => f.t === 'message' && f.message.text === 'Still there?');
    await tess.next((f) => f.t === 'message' && f.message.text === 'Still there?');
    await sleep(100);
    expect(loser.frames.slice(heardBefore).filter((f) => JSON.stringify(f).includes(conversationId))).toEqual([]);
    loser.send({ t: 'open', conversationId, since: 0 });
    expect(await loser.next((f) => f.t === 'error' && f.code === 'not_found')).toBeTruthy();
    expect(listed(await consoleOf(winner === anna ? 'ben' : 'anna'))).toEqual([]);
    expect(listed(await consoleOf('tess'))).toEqual([conversationId]);
  });

  it('lets team admins and admins assign to a team member, agents only themselves, and nobody to an outsider', async () => {
    const { conversationId } = await newConversation(desk);
    const anna = await consoleOf('anna');
    anna.send({ t: 'assign', conversationId, agentId: ids.ben });
    expect(await anna.next((f) => f.t === 'error')).toMatchObject({ code: 'not_allowed' });
    const tess = await consoleOf('tess');
    tess.send({ t: 'assign', conversationId, agentId: ids.olaf });
    expect(await tess.next((f) => f.t === 'error')).toMatchObject({ code: 'bad_frame', message: expect.stringMatching(/not on its team/) });
    tess.send({ t: 'assign', conversationId, agentId: ids.ben });
    await tess.next((f) => f.t === 'conversation' && f.item.assignee?.id === ids.ben);
    await anna.next((f) => f.t === 'removed' && f.conversationId === conversationId);
    const ada = await consoleOf('ada');
    ada.send({ t: 'assign', conversationId, agentId: ids.anna });
    await anna.next((f) => f.t === 'conversation' && f.item.assignee?.id === ids.anna);
    const lines = (await server.store.messages.since(conversationId, 0)).filter((m) => m.event === 'assigned').map((m) => `${m.subjectName} by ${m.agentName}`);
    expect(lines).toEqual(['ben by tess', 'anna by ada']);
    // Assigned by someone else, the assignee has not joined yet.
    expect((await server.store.conversations.byId(conversationId))?.agentCount).toBe(0);
  });
});

describe('rights changes', () => {
  it('reopens an agent’s consoles when an admin changes their teams, and the reopened one lists what the new team sees', async () => {
    const { conversationId } = await newConversation(other);
    const cookie = await signIn(server, 'anna@shop.example', 'password1');
    const anna = await agentSocket(server, cookie);
    sockets.push(anna);
    await anna.next((f) => f.t === 'visitors');
    expect(listed(anna)).toEqual([]);
    await server.core.agents.change(ids.anna!, { teams: ['desk', 'other'] });
    expect((await anna.waitClosed())?.code).toBe(CLOSE.rightsChanged);
    // The session lives on: the same cookie reconnects, and hears the new team.
    const again = await agentSocket(server, cookie);
    sockets.push(again);
    await again.next((f) => f.t === 'visitors');
    expect(listed(again)).toEqual([conversationId]);
  });
});
