/**
 * A hostile page (the "Hostile page" suite, server side): a page on an origin the site does not
 * allow gets no visitor socket, and a page anywhere but the console gets no agent socket, even
 * with the agent's cookie. Both are refused with plain HTTP before the upgrade, so a page's
 * script never holds a socket to talk on. (CSRF: same-origin.test.ts; framing: security-headers.test.ts.)
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../src/core/auth/password.ts';
import type { Site } from '../src/ports/store.ts';
import { signIn, startTestServer, type TestServer, TestSocket, visitorSocket } from './harness.ts';

let server: TestServer;
let site: Site;
let cookie: string;
beforeAll(async () => {
  server = await startTestServer();
  site = await server.store.sites.create({ name: 'Shop', origins: ['https://shop.example'] });
  await server.store.agents.create({ email: 'ann@shop.example', name: 'Ann', role: 'admin', passwordHash: await hashPassword('correct horse') });
  cookie = await signIn(server, 'ann@shop.example', 'correct horse');
});
afterAll(() => server.destroy());

/** The raw answer to an upgrade request: its status and body, or 101. */
function upgradeAnswer(path: string, headers: Record<string, string>) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request(`${server.url}${path}`, {
      headers: { connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-version': '13', 'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==', ...headers },
    });
    req.on('upgrade', (res, socket) => {
      socket.destroy();
      resolve({ status: res.statusCode!, body: '' });
    });
    req.on('response', (res) => {
      let body = '';
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('visitor socket from a hostile page', () => {
  it.each(['https://evil.example', 'http://shop.example', 'https://shop.example:8443', 'https://shop.example.evil.example', 'null', ''])(
    'is refused at the upgrade from %j, with the reason as JSON',
    async (origin) => {
      const answer = await upgradeAnswer(`/ws/visitor?site=${site.key}`, origin ? { origin } : {});
      expect(answer.status).toBe(403);
      expect(JSON.parse(answer.body).error.code).toBe('origin_not_allowed');
    },
  );

  it('is refused at the upgrade for an unknown or missing site key', async () => {
    for (const path of ['/ws/visitor?site=nope', '/ws/visitor', '/ws/visitor?site=']) {
      const answer = await upgradeAnswer(path, { origin: 'https://shop.example' });
      expect(answer.status, path).toBe(404);
      expect(JSON.parse(answer.body).error.code).toBe('unknown_site');
    }
  });

  it("cannot borrow an allowed site's key for another site's hello", async () => {
    const other = await server.store.sites.create({ name: 'Other', origins: ['https://shop.example'] });
    const socket = await visitorSocket(server, site.key, 'https://shop.example');
    socket.send({ t: 'hello', site: other.key });
    expect((await socket.waitClosed())?.code).toBe(4403);
  });

  it('upgrades on an allowed origin', async () => {
    expect((await upgradeAnswer(`/ws/visitor?site=${site.key}`, { origin: 'https://shop.example' })).status).toBe(101);
  });

  it('tells a widget over plain HTTP (CORS) why its handshake would fail, since the browser hides it', async () => {
    const ask = (key: string, origin: string) => fetch(`${server.url}/ws/visitor?site=${key}`, { headers: { origin } });
    const refused = await ask(site.key, 'https://evil.example');
    expect(refused.status).toBe(403);
    expect(refused.headers.get('access-control-allow-origin')).toBe('*');
    expect(await refused.json()).toEqual({ error: { code: 'origin_not_allowed', message: "This site's chat is not allowed on https://evil.example." } });
    expect((await ask('nope', 'https://shop.example')).status).toBe(404);
    expect((await ask(site.key, 'https://shop.example')).status).toBe(426);
  });
});

describe('agent socket from a hostile page (cross-site WebSocket hijacking)', () => {
  it.each([
    ['a foreign site', 'https://evil.example'],
    ['another scheme on our host', 'https://HOST'],
    ['another port on our host', 'http://127.0.0.1:1'],
    ['a look-alike host', 'http://127.0.0.1.evil.example'],
    ['a sandboxed frame', 'null'],
    ['no Origin at all', ''],
  ])('is refused at the upgrade from %s, even with the signed-in cookie', async (_, template) => {
    const origin = template.replace('HOST', new URL(server.url).host);
    const answer = await upgradeAnswer('/ws/agent', origin ? { origin, cookie } : { cookie });
    expect(answer.status).toBe(403);
    expect(JSON.parse(answer.body).error.code).toBe('forbidden');
  });

  it('opens from the console: the origin it was reached by, or the public URL', async () => {
    for (const origin of [server.url, 'http://localhost:3999']) {
      const socket = await TestSocket.open(`${server.url.replace('http', 'ws')}/ws/agent`, { origin, cookie });
      expect(await socket.next((f) => f.t === 'visitors' || f.t === 'conversations')).toBeTruthy();
      socket.close();
    }
  });
});
