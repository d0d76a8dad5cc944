/** Who hears what: an agent receives only the conversations of the sites their team serves, in the list and over the socket. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { maySeeConversation } from '@parley/protocol';
import { agentTopics, conversationTopics, routed } from '../src/core/audience.ts';
import type { Agent, Site } from '../src/ports/store.ts';
import { agentSocket, helloVisitor, signIn, startTestServer, type TestServer, type TestSocket } from './harness.ts';
import { sleep } from './mail-harness.ts';

let server: TestServer;
let north: Site;
let south: Site;
const sockets: TestSocket[] = [];

beforeEach(async () => {
  server = await startTestServer();
  const { sites, agents, teams } = server.core;
  await teams.add({ name: 'north', mode: 'collaboration' });
  await teams.add({ name: 'south', mode: 'collaboration' });
  north = await sites.update((await sites.create({ name: 'North', origins: ['https://north.example'] })).key, { settings: { team: 'north' } });
  south = await sites.update((await sites.create({ name: 'South', origins: ['https://south.example'] })).key, { settings: { team: 'south' } });
  await agents.add({ email: 'nina@shop.example', name: 'Nina', role: 'agent', teams: ['north'], password: 'password1' });
  await agents.add({ email: 'sam@shop.example', name: 'Sam', role: 'agent', teams: ['south'], password: 'password1' });
  await agents.add({ email: 'ada@shop.example', name: 'Ada', role: 'admin', teams: [], password: 'password1' });
});
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.close();
  await server.destroy();
});

async function consoleOf(email: string) {
  const socket = await agentSocket(server, await signIn(server, email, 'password1'));
  sockets.push(socket);
  await socket.next((f) => f.t === 'visitors');
  return socket;
}

describe('audiences', () => {
  it('names topics so that a team hears its sites, admins hear all, and a site without a team is everyone’s', () => {
    const nina: Agent = { id: 'n', email: 'n@x', name: 'Nina', role: 'agent', status: 'available', awayAfter: 0, sound: true, desktop: false, teams: ['north'], lastSeenAt: null, disabledAt: null, avatar: null };
    const route = (site: Pick<Site, 'settings'>) => routed(site, null, { assigneeId: null });
    const heard = (site: Pick<Site, 'settings'>, agent: Agent) => conversationTopics(route(site)).some((topic) => agentTopics(agent).includes(topic));
    const teamless = { settings: { ...north.settings, team: '' } };
    expect(heard(north, nina)).toBe(true);
    expect(heard(south, nina)).toBe(false);
    expect(heard(south, { ...nina, role: 'admin', teams: [] })).toBe(true);
    expect(heard(teamless, nina)).toBe(true);
    // What the socket hears and what a command allows are the same rule.
    for (const site of [north, south, teamless]) for (const agent of [nina, { ...nina, role: 'admin' as const, teams: [] }]) expect(heard(site, agent)).toBe(maySeeConversation(agent, route(site)));
  });

  it('sends a conversation only to the agents of its team and to admins, over the socket', async () => {
    const [nina, sam, ada] = [await consoleOf('nina@shop.example'), await consoleOf('sam@shop.example'), await consoleOf('ada@shop.example')];
    const { socket: visitor } = await helloVisitor(server, north);
    visitor.send({ t: 'send', clientId: 'q1', text: 'Do you ship north?' });
    const ack = await visitor.next((f) => f.t === 'ack');
    visitor.send({ t: 'typing', on: true });
    for (const allowed of [nina, ada]) {
      await allowed.next((f) => f.t === 'message' && f.message.text === 'Do you ship north?');
      await allowed.next((f) => f.t === 'conversation' && f.item.id === ack.conversationId);
      await allowed.next((f) => f.t === 'typing' && f.conversationId === ack.conversationId);
      await allowed.next((f) => f.t === 'visitor' && f.item.siteId === north.id);
    }
    await sleep(200);
    const leaked = sam.frames.filter((f) => JSON.stringify(f).includes(ack.conversationId) || JSON.stringify(f).includes(north.id));
    expect(leaked).toEqual([]);
    visitor.close();
  });

  it('leaves other teams’ conversations out of the list, and answers their commands as if they did not exist', async () => {
    const { socket: visitor, welcome } = await helloVisitor(server, north);
    visitor.send({ t: 'send', clientId: 'q1', text: 'Hello north' });
    const { conversationId } = await visitor.next((f) => f.t === 'ack');
    const before = await server.store.conversations.byId(conversationId);
    const sam = await consoleOf('sam@shop.example');
    expect(sam.frames.find((f) => f.t === 'conversations').items).toEqual([]);
    expect(sam.frames.find((f) => f.t === 'visitors').items).toEqual([]);
    const nina = await consoleOf('nina@shop.example');
    expect(nina.frames.find((f) => f.t === 'conversations').items.map((c: any) => c.id)).toEqual([conversationId]);

    sam.send({ t: 'open', conversationId, since: 0 });
    expect(await sam.next((f) => f.t === 'error')).toMatchObject({ code: 'not_found' });
    for (const [i, frame] of [
      { t: 'send', conversationId, clientId: 'steal', text: 'mine now' },
      { t: 'start', visitorId: welcome.visitorId, clientId: 'start', text: 'hi' },
    ].entries()) {
      sam.send(frame);
      expect(await sam.next((f) => f.t === 'error' && f.clientId === (frame as { clientId: string }).clientId)).toMatchObject({ code: 'not_found' });
      expect(sam.frames.filter((f) => f.t === 'error')).toHaveLength(i + 2);
    }
    for (const frame of [{ t: 'join', conversationId }, { t: 'close', conversationId }, { t: 'typing', conversationId, on: true }, { t: 'visitor', visitorId: welcome.visitorId, name: 'Mallory' }]) sam.send(frame);
    await sam.next((f) => f.t === 'error' && sam.frames.filter((g) => g.t === 'error').length === 7);
    const stored = await server.store.conversations.row(conversationId);
    expect(stored?.conversation).toMatchObject({ status: 'open', agentCount: 0, lastSeq: before!.lastSeq });
    expect(stored?.visitor.name).toBeNull();
    expect(visitor.frames.some((f) => f.t === 'typing')).toBe(false);
    visitor.close();
  });

  it('answers one refused send with one error that echoes its client id', async () => {
    const sam = await consoleOf('sam@shop.example');
    sam.send({ t: 'send', conversationId: 'nope', clientId: 'c1', text: 'hello' });
    sam.send({ t: 'send', conversationId: 'nope', clientId: 'c2', text: '' });
    await sam.next((f) => f.t === 'error' && f.clientId === 'c2');
    await sleep(100);
    expect(sam.frames.filter((f) => f.t === 'error')).toEqual([
      expect.objectContaining({ code: 'not_found', clientId: 'c1' }),
      expect.objectContaining({ code: 'bad_frame', clientId: 'c2' }),
    ]);
  });
});
