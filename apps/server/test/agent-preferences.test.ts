/** Notification preferences (sound, desktop): stored per agent, defaults on and off, set only by that agent through `me`. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../src/core/auth/password.ts';
import { agentSocket, signIn, startTestServer, type TestServer } from './harness.ts';

let server: TestServer;
let ann: { id: string; cookie: string };
let ben: { id: string; cookie: string };
let boss: { id: string; cookie: string };
beforeAll(async () => {
  server = await startTestServer();
  const passwordHash = await hashPassword('a password');
  const make = async (email: string, name: string, role: 'agent' | 'admin') => {
    const agent = await server.store.agents.create({ email, name, role, passwordHash });
    return { id: agent.id, cookie: await signIn(server, email, 'a password') };
  };
  ann = await make('ann@shop.example', 'Ann', 'agent');
  ben = await make('ben@shop.example', 'Ben', 'agent');
  boss = await make('boss@shop.example', 'Boss', 'admin');
});
afterAll(() => server.destroy());

const me = async (cookie: string) => {
  const res = await fetch(`${server.url}/api/me`, { headers: { cookie } });
  return ((await res.json()) as { agent: { sound: boolean; desktop: boolean } }).agent;
};

describe('notification preferences', () => {
  it('start with sound on and desktop off, in the agent view over HTTP and the socket', async () => {
    expect(await me(ann.cookie)).toMatchObject({ sound: true, desktop: false });
    const socket = await agentSocket(server, ann.cookie);
    const hello = await socket.next((f) => f.t === 'me');
    expect(hello.agent).toMatchObject({ sound: true, desktop: false });
    socket.close();
  });

  it('are stored per agent: Ann switching hers changes nothing of Ben, and survive a new session', async () => {
    const socket = await agentSocket(server, ann.cookie);
    await socket.next((f) => f.t === 'conversations');
    socket.send({ t: 'me', sound: false, desktop: true });
    const changed = await socket.next((f) => f.t === 'me' && f.agent.sound === false);
    expect(changed.agent).toMatchObject({ id: ann.id, sound: false, desktop: true, status: 'available' });
    socket.close();
    expect(await server.store.agents.byId(ann.id)).toMatchObject({ sound: false, desktop: true });
    expect(await server.store.agents.byId(ben.id)).toMatchObject({ sound: true, desktop: false });
    const again = await signIn(server, 'ann@shop.example', 'a password');
    expect(await me(again)).toMatchObject({ sound: false, desktop: true });
  });

  it('are set only by the agent: a `me` frame naming another agent sets the sender, an admin cannot set them over HTTP', async () => {
    const socket = await agentSocket(server, boss.cookie);
    await socket.next((f) => f.t === 'conversations');
    socket.send({ t: 'me', sound: false, id: ben.id, agentId: ben.id });
    await socket.next((f) => f.t === 'me' && f.agent.sound === false);
    socket.close();
    expect(await server.store.agents.byId(boss.id)).toMatchObject({ sound: false });
    expect(await server.store.agents.byId(ben.id)).toMatchObject({ sound: true, desktop: false });

    const res = await fetch(`${server.url}/api/agents/${ben.id}`, {
      method: 'PATCH',
      headers: { cookie: boss.cookie, 'content-type': 'application/json', origin: server.url },
      body: JSON.stringify({ sound: false, desktop: true }),
    });
    expect(res.status).toBe(400);
    expect(await server.store.agents.byId(ben.id)).toMatchObject({ sound: true, desktop: false });
  });

  it('refuses a switch that is not a boolean, changing nothing', async () => {
    const socket = await agentSocket(server, ben.cookie);
    await socket.next((f) => f.t === 'conversations');
    for (const sound of ['off', 0, null]) socket.send({ t: 'me', sound });
    await socket.next(() => socket.frames.filter((f) => f.t === 'error').length >= 3);
    expect(socket.frames.filter((f) => f.t === 'error').map((f) => f.code)).toEqual(['bad_frame', 'bad_frame', 'bad_frame']);
    socket.close();
    expect(await server.store.agents.byId(ben.id)).toMatchObject({ sound: true, desktop: false });
  });
});
