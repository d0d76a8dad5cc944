/** A malformed session cookie is no session: a plain 401 (or a closed socket), never a 500, wherever it arrives. */
import { CLOSE } from '@parley/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, TestSocket, type TestServer } from './harness.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.destroy());

const MALFORMED = ['parley_session=%E0%A4%A', 'parley_session=%', 'parley_session=%ZZ', 'parley_session="%E0%A4%A"', 'parley_session', 'parley_session=; parley_session=%E0', `parley_session=${'%'.repeat(5000)}`, 'parley_session=a=b=c'];

describe('a malformed session cookie', () => {
  it.each(MALFORMED)('%s is a plain 401 on /api/me and every agent route', async (cookie) => {
    for (const path of ['/api/me', '/api/mail', '/api/agents']) {
      const res = await fetch(`${server.url}${path}`, { headers: { cookie } });
      expect(res.status, path).toBe(401);
      expect(await res.json()).toEqual({ error: { code: 'unauthorized', message: 'Sign in first.' } });
    }
  });

  it.each(MALFORMED)('%s signs nobody out and is no error on /api/logout', async (cookie) => {
    const res = await fetch(`${server.url}/api/logout`, { method: 'POST', headers: { cookie, 'content-type': 'application/json', origin: new URL(server.url).origin }, body: '{}' });
    expect(res.status).toBe(204);
  });

  it.each(MALFORMED)('%s closes the agent socket as unauthorized', async (cookie) => {
    const socket = await TestSocket.open(`${server.url.replace('http', 'ws')}/ws/agent`, { cookie, origin: `http://${new URL(server.url).host}` });
    expect((await socket.waitClosed())?.code).toBe(CLOSE.unauthorized);
  });
});
