/** Forged cross-site requests (CSRF) are refused; the console's own requests and the mail links still work. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../src/core/auth/password.ts';
import { postJson, signIn, startTestServer, type TestServer } from './harness.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
  await server.store.agents.create({ email: 'ann@shop.example', name: 'Ann', role: 'admin', passwordHash: await hashPassword('correct horse') });
});
afterAll(() => server.destroy());

const credentials = JSON.stringify({ email: 'ann@shop.example', password: 'correct horse' });
const me = (cookie: string) => fetch(`${server.url}/api/me`, { headers: { cookie } });

describe('cross-site requests', () => {
  it('a page elsewhere cannot sign a browser in (login CSRF): a text/plain form post from https://evil.example', async () => {
    const res = await fetch(`${server.url}/api/login`, { method: 'POST', headers: { origin: 'https://evil.example', 'content-type': 'text/plain' }, body: credentials });
    expect(res.status).toBe(403);
    expect(res.headers.get('set-cookie')).toBeNull();
    expect(((await res.json()) as any).error.code).toBe('forbidden');
  });

  it('a page elsewhere cannot sign the agent out', async () => {
    const cookie = await signIn(server, 'ann@shop.example', 'correct horse');
    for (const headers of [{ origin: 'https://evil.example', 'content-type': 'text/plain' }, { origin: 'https://evil.example' }, { 'sec-fetch-site': 'cross-site' }, {}] as Record<string, string>[]) {
      const res = await fetch(`${server.url}/api/logout`, { method: 'POST', headers: { cookie, ...headers }, body: headers['content-type'] ? 'x' : undefined });
      expect(res.status).toBe(403);
    }
    expect((await me(cookie)).status).toBe(200);
  });

  it('compares the whole origin: another scheme, port or a look-alike host is foreign', async () => {
    const { port } = new URL(server.url);
    for (const origin of [`https://127.0.0.1:${port}`, 'http://127.0.0.1:1', `http://127.0.0.1.evil.example:${port}`, 'http://localhost:3998', 'null', 'garbage']) {
      const res = await fetch(`${server.url}/api/login`, { method: 'POST', headers: { origin, 'content-type': 'application/json' }, body: credentials });
      expect(res.status, origin).toBe(403);
    }
  });

  it('the console signs in from its own origin: the Host it was reached by, the public URL, or Sec-Fetch-Site without Origin', async () => {
    for (const headers of [{ origin: server.url }, { origin: 'http://localhost:3999' }, { 'sec-fetch-site': 'same-origin' }] as Record<string, string>[]) {
      const res = await fetch(`${server.url}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: credentials });
      expect(res.status, JSON.stringify(headers)).toBe(200);
    }
    const cookie = await signIn(server, 'ann@shop.example', 'correct horse');
    expect((await postJson(server, '/api/logout', undefined, { cookie })).status).toBe(204);
    expect((await me(cookie)).status).toBe(401);
  });

  it('a same-origin body that is not JSON is refused with 415, even when it parses as JSON', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/jsonx']) {
      const res = await fetch(`${server.url}/api/login`, { method: 'POST', headers: { origin: server.url, 'content-type': type }, body: credentials });
      expect(res.status, type).toBe(415);
      expect(((await res.json()) as any).error.code).toBe('unsupported_media_type');
    }
    const untyped = await fetch(`${server.url}/api/login`, { method: 'POST', headers: { origin: server.url, 'content-type': '' }, body: credentials });
    expect(untyped.status).toBe(415);
    const charset = await fetch(`${server.url}/api/login`, { method: 'POST', headers: { origin: server.url, 'content-type': 'Application/JSON; charset=utf-8' }, body: credentials });
    expect(charset.status).toBe(200);
  });
});
