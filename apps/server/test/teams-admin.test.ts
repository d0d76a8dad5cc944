/**
 * Admins change agents' roles and teams and teams' modes over HTTP, as the console's Settings page
 * does: only admins, never a team that is not there, never the last admin away, never themselves
 * demoted; the changed agent's console reopens with the new rights.
 */
import { request } from 'node:http';
import { CLOSE } from '@parley/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agent, Site } from '../src/ports/store.ts';
import { agentSocket, helloVisitor, signIn, startTestServer, type TestServer, type TestSocket } from './harness.ts';
import { sleep } from './mail-harness.ts';

let server: TestServer;
let north: Site;
const agents: Record<string, Agent> = {};
const cookies: Record<string, string> = {};
const sockets: TestSocket[] = [];

beforeAll(async () => {
  server = await startTestServer();
  const { core } = server;
  await core.teams.add({ name: 'north', mode: 'collaboration' });
  await core.teams.add({ name: 'south', mode: 'grab' });
  north = await core.sites.update((await core.sites.create({ name: 'North', origins: ['https://north.example'] })).key, { settings: { team: 'north', newConversations: 0 } });
  for (const [name, role, teams] of [
    ['ada', 'admin', []],
    ['abe', 'admin', []],
    ['tess', 'team-admin', ['north']],
    ['rita', 'agent', ['south']],
  ] as const) {
    agents[name] = await core.agents.add({ email: `${name}@shop.example`, name, role, teams: [...teams], password: 'password1' });
    cookies[name] = await signIn(server, `${name}@shop.example`, 'password1');
  }
});
afterAll(async () => {
  for (const socket of sockets.splice(0)) socket.close();
  await server.destroy();
});

const api = (method: string, path: string, cookie: string, body?: unknown) =>
  fetch(`${server.url}${path}`, { method, headers: { cookie, 'content-type': 'application/json', origin: new URL(server.url).origin }, body: body === undefined ? undefined : JSON.stringify(body) });
const patchAgent = (name: string, body: unknown, as = 'ada') => api('PATCH', `/api/agents/${agents[name]!.id}`, cookies[as]!, body);
const errorOf = async (res: Response) => ((await res.json()) as { error: { code: string; message: string } }).error;
/** A PATCH whose headers go now and whose body (of a length told up front) goes on `send`: the server has checked the session by then. */
function slowPatch(path: string, cookie: string, body: unknown) {
  const json = JSON.stringify(body);
  const url = new URL(path, server.url);
  const req = request(url, { method: 'PATCH', headers: { cookie, 'content-type': 'application/json', origin: url.origin, 'content-length': String(Buffer.byteLength(json)) } });
  const answered = new Promise<{ status: number; error: { code: string; message: string } }>((resolve, reject) => {
    req.on('response', (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode!, error: (JSON.parse(text) as { error: { code: string; message: string } }).error }));
    });
    req.on('error', reject);
  });
  req.flushHeaders();
  return {
    send() {
      req.end(json);
      return answered;
    },
  };
}
const stored = async (name: string) => (await server.store.agents.byId(agents[name]!.id))!;

async function consoleOf(name: string) {
  const socket = await agentSocket(server, cookies[name]!);
  sockets.push(socket);
  await socket.next((f) => f.t === 'visitors');
  return socket;
}
const listed = (socket: TestSocket) => socket.frames.find((f) => f.t === 'conversations').items.map((c: { id: string }) => c.id);

describe('changing roles and teams over HTTP', () => {
  it('is for admins only: a team admin and an agent get 403 on every change and change nothing', async () => {
    for (const as of ['tess', 'rita']) {
      for (const res of [
        await patchAgent('rita', { role: 'admin' }, as),
        await patchAgent(as, { role: 'admin', teams: ['north', 'south'] }, as),
        await api('POST', '/api/teams', cookies[as]!, { name: 'sneaky' }),
        await api('PATCH', '/api/teams/north', cookies[as]!, { mode: 'grab' }),
      ]) {
        expect(res.status, as).toBe(403);
        expect((await errorOf(res)).code).toBe('forbidden');
      }
    }
    expect(await stored('rita')).toMatchObject({ role: 'agent', teams: ['south'] });
    expect(await stored('tess')).toMatchObject({ role: 'team-admin', teams: ['north'] });
    expect((await server.store.teams.list()).map((t) => `${t.name} ${t.mode}`)).toEqual(['north collaboration', 'south grab']);
  });

  it('sets a role and teams in one PATCH and answers the account; an unknown team or role is 400 and changes nothing', async () => {
    const res = await patchAgent('rita', { role: 'team-admin', teams: ['north', 'south', 'north'] });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { agent: unknown }).agent).toMatchObject({ id: agents.rita!.id, role: 'team-admin', teams: ['north', 'south'], disabled: false });
    for (const [body, message] of [
      [{ teams: ['north', 'ghosts'] }, /No team is named ghosts/],
      [{ role: 'owner', teams: [] }, /one of admin, team-admin, agent/],
      [{}, /at least one of disabled, role, teams/],
      [{ teams: [' '] }, /Enter a team name/],
    ] as const) {
      const bad = await patchAgent('rita', body);
      expect(bad.status, JSON.stringify(body)).toBe(400);
      expect((await errorOf(bad)).message).toMatch(message);
    }
    expect(await stored('rita')).toMatchObject({ role: 'team-admin', teams: ['north', 'south'] });
    expect((await patchAgent('rita', { role: 'agent', teams: ['south'] })).status).toBe(200);
  });

  it('refuses an admin demoting or disabling themselves (403), but lets them change their own teams', async () => {
    for (const body of [{ role: 'team-admin' }, { role: 'agent', teams: ['north'] }, { disabled: true }]) {
      const res = await patchAgent('ada', body);
      expect(res.status, JSON.stringify(body)).toBe(403);
      expect((await errorOf(res)).message).toMatch(/cannot disable or demote yourself/);
    }
    const own = await patchAgent('ada', { role: 'admin', teams: ['north'] });
    expect(own.status).toBe(200);
    expect(await stored('ada')).toMatchObject({ role: 'admin', teams: ['north'], disabledAt: null });
    expect((await patchAgent('ada', { teams: [] })).status).toBe(200);
  });

  it('keeps one enabled admin: an admin whose request passed the role check as the other demoted them is refused with 409', async () => {
    // abe's PATCH is past the middleware (abe was an admin then) and waits for its body while ada demotes abe.
    const late = slowPatch(`/api/agents/${agents.ada!.id}`, cookies.abe!, { role: 'agent' });
    await sleep(200);
    expect((await patchAgent('abe', { role: 'agent' }, 'ada')).status).toBe(200);
    const refused = await late.send();
    expect(refused.status).toBe(409);
    expect(refused.error.message).toMatch(/at least one enabled admin/);
    expect((await server.store.agents.list()).filter((a) => a.role === 'admin' && a.disabledAt === null).map((a) => a.name)).toEqual(['ada']);
    expect((await patchAgent('abe', { role: 'admin' })).status).toBe(200);
  });
});

describe('teams over HTTP', () => {
  it('adds a team (201; a taken name 409, a blank one 400) and sets its mode, and every console hears the new list', async () => {
    const rita = await consoleOf('rita');
    const added = await api('POST', '/api/teams', cookies.ada!, { name: ' Desk ', mode: 'grab' });
    expect(added.status).toBe(201);
    expect(((await added.json()) as { team: unknown }).team).toEqual({ name: 'Desk', mode: 'grab' });
    await rita.next((f) => f.t === 'teams' && f.items.some((t: { name: string; mode: string }) => t.name === 'Desk' && t.mode === 'grab'));
    expect((await api('POST', '/api/teams', cookies.ada!, { name: 'Desk' })).status).toBe(409);
    expect((await api('POST', '/api/teams', cookies.ada!, { name: '  ' })).status).toBe(400);

    const set = await api('PATCH', '/api/teams/Desk', cookies.ada!, { mode: 'collaboration' });
    expect(set.status).toBe(200);
    expect(((await set.json()) as { team: unknown }).team).toEqual({ name: 'Desk', mode: 'collaboration' });
    await rita.next((f) => f.t === 'teams' && f.items.some((t: { name: string; mode: string }) => t.name === 'Desk' && t.mode === 'collaboration'));
    expect((await api('PATCH', '/api/teams/nobody', cookies.ada!, { mode: 'grab' })).status).toBe(404);
    expect((await api('PATCH', '/api/teams/Desk', cookies.ada!, { mode: 'solo' })).status).toBe(400);
    const { teams } = (await (await api('GET', '/api/teams', cookies.ada!)).json()) as { teams: unknown[] };
    expect(teams).toContainEqual({ name: 'Desk', mode: 'collaboration' });
  });
});

describe('the changed agent’s console', () => {
  it('closes with rightsChanged after a PATCH of teams, and the reopened one lists what the new team sees', async () => {
    const { socket: visitor } = await helloVisitor(server, north);
    sockets.push(visitor);
    visitor.send({ t: 'send', clientId: 'q1', text: 'Is anyone from the north there?' });
    const conversationId = (await visitor.next((f) => f.t === 'ack')).conversationId as string;

    const rita = await consoleOf('rita');
    expect(listed(rita)).toEqual([]);
    expect((await patchAgent('rita', { teams: ['north'] })).status).toBe(200);
    expect((await rita.waitClosed())?.code).toBe(CLOSE.rightsChanged);
    const again = await consoleOf('rita');
    expect(listed(again)).toEqual([conversationId]);
    again.send({ t: 'join', conversationId });
    await again.next((f) => f.t === 'conversation' && f.item.id === conversationId && f.item.agents.length === 1);

    // Out of the team again: the reopened console no longer lists it.
    expect((await patchAgent('rita', { teams: ['south'] })).status).toBe(200);
    expect((await again.waitClosed())?.code).toBe(CLOSE.rightsChanged);
    expect(listed(await consoleOf('rita'))).toEqual([]);
  });

  it('closes with rightsChanged after a PATCH of the role alone, and a team admin’s rights follow', async () => {
    const tess = await consoleOf('tess');
    expect((await patchAgent('tess', { role: 'agent' })).status).toBe(200);
    expect((await tess.waitClosed())?.code).toBe(CLOSE.rightsChanged);
    expect((await api('GET', '/api/agents', cookies.tess!)).status).toBe(403);
    expect((await patchAgent('tess', { role: 'admin' })).status).toBe(200);
    // The same session now reaches the admins' routes: rights are read per request, not per sign-in.
    expect((await api('GET', '/api/agents', cookies.tess!)).status).toBe(200);
    expect((await patchAgent('tess', { role: 'team-admin' })).status).toBe(200);
  });
});
