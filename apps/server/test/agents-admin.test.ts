/** Admins add agents from the console (`POST /api/agents`), with the CLI's rules: the new agent can sign in at once. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../src/core/auth/password.ts';
import { postJson, signIn, startTestServer, type TestServer } from './harness.ts';

let server: TestServer;
let admin: string;
beforeAll(async () => {
  server = await startTestServer();
  await server.store.agents.create({ email: 'olga@shop.example', name: 'Olga', role: 'admin', passwordHash: await hashPassword('a long password') });
  admin = await signIn(server, 'olga@shop.example', 'a long password');
  await server.core.teams.add({ name: 'north', mode: 'collaboration' });
});
afterAll(() => server.destroy());

const add = (body: unknown, cookie = admin) => postJson(server, '/api/agents', body, { cookie });
const errorOf = async (res: Response) => ((await res.json()) as { error: { code: string; message: string } }).error;

describe('adding an agent from the console', () => {
  it('creates the agent, answers its account, and the agent signs in with that password', async () => {
    const res = await add({ email: ' Rita@Shop.example ', name: ' Rita Rep ', password: 'rita password', role: 'agent', teams: ['north'] });
    expect(res.status).toBe(201);
    const { agent } = (await res.json()) as { agent: Record<string, unknown> };
    expect(agent).toMatchObject({ name: 'Rita Rep', role: 'agent', teams: ['north'], disabled: false });
    expect(agent).not.toHaveProperty('passwordHash');
    expect(await signIn(server, 'rita@shop.example', 'rita password')).toMatch(/parley_session=/);
  });

  it('refuses a taken email (409), a short password, an unknown role and a blank name (400), adding nobody', async () => {
    const before = (await server.store.agents.list()).length;
    const taken = await add({ email: 'olga@shop.example', name: 'Other Olga', password: 'a long password', role: 'agent' });
    expect(taken.status).toBe(409);
    for (const [body, message] of [
      [{ email: 'a@shop.example', name: 'A', password: 'short', role: 'agent' }, /8 characters/],
      [{ email: 'b@shop.example', name: 'B', password: 'a long password', role: 'owner' }, /one of admin, team-admin, agent/],
      [{ email: 'c@shop.example', name: '   ', password: 'a long password', role: 'agent' }, /Enter a name/],
    ] as const) {
      const res = await add(body);
      expect(res.status).toBe(400);
      expect((await errorOf(res)).message).toMatch(message);
    }
    expect((await server.store.agents.list()).length).toBe(before);
  });

  it('is for admins only: a representative gets 403 and adds nobody', async () => {
    const rep = await signIn(server, 'rita@shop.example', 'rita password');
    const before = (await server.store.agents.list()).length;
    const res = await add({ email: 'sneaky@shop.example', name: 'Sneaky', password: 'a long password', role: 'admin' }, rep);
    expect(res.status).toBe(403);
    expect((await server.store.agents.list()).length).toBe(before);
  });
});
