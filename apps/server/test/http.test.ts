import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SETUP_TOKEN_KEY } from '../src/core/first-start.ts';
import { postJson, startTestServer, type TestServer } from './harness.ts';

let server: TestServer;
beforeEach(async () => {
  server = await startTestServer();
});
afterEach(() => server.destroy());

const post = (path: string, body: unknown) => postJson(server, path, body);

describe('http api', () => {
  it('is healthy once migrated', async () => {
    const res = await fetch(`${server.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
  });

  it('creates a demo site and a setup link on first start', async () => {
    expect(server.notices.join('\n')).toMatch(/demo site/);
    expect(server.notices.join('\n')).toMatch(/\/console\/setup\?token=/);
    const demo = await fetch(`${server.url}/demo`);
    const html = await demo.text();
    const key = (await server.store.sites.list())[0]!.key;
    expect(html).toContain(`<script async src="http://localhost:3999/widget.js" data-site="${key}"></script>`);
  });

  it('setup creates the first admin once, then signs in and out', async () => {
    const token = (await server.store.meta.get(SETUP_TOKEN_KEY))!;
    expect((await fetch(`${server.url}/api/setup?token=wrong`)).status).toBe(404);
    expect((await fetch(`${server.url}/api/setup?token=${token}`)).status).toBe(200);
    const weak = await post('/api/setup', { token, email: 'boss@shop.example', name: 'Boss', password: 'short' });
    expect(weak.status).toBe(400);
    expect(await weak.json()).toEqual({ error: { code: 'bad_request', message: 'password: A password has at least 8 characters.' } });
    expect(await server.store.agents.count()).toBe(0);

    const created = await post('/api/setup', { token, email: 'boss@shop.example', name: 'Boss', password: 'long enough' });
    expect(created.status).toBe(200);
    const cookie = created.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/);
    expect((await post('/api/setup', { token, email: 'x@shop.example', name: 'X', password: 'long enough' })).status).toBe(404);

    const me = await fetch(`${server.url}/api/me`, { headers: { cookie: cookie.split(';')[0]! } });
    expect(((await me.json()) as { agent: unknown }).agent).toMatchObject({ email: 'boss@shop.example', role: 'admin' });
    expect((await post('/api/login', { email: 'boss@shop.example', password: 'wrong one' })).status).toBe(401);
    const login = await post('/api/login', { email: 'BOSS@shop.example', password: 'long enough' });
    expect(login.status).toBe(200);
    const session = login.headers.get('set-cookie')!.split(';')[0]!;
    await postJson(server, '/api/logout', undefined, { cookie: session });
    expect((await fetch(`${server.url}/api/me`, { headers: { cookie: session } })).status).toBe(401);
  });

  it('refuses sign-in for a while after ten failures for one email', async () => {
    const { hashPassword } = await import('../src/core/auth/password.ts');
    await server.store.agents.create({ email: 'ann@shop.example', name: 'Ann', role: 'agent', passwordHash: await hashPassword('right password') });
    for (let i = 0; i < 10; i++) expect((await post('/api/login', { email: 'ann@shop.example', password: `guess ${i}` })).status).toBe(401);
    const refused = await post('/api/login', { email: 'ann@shop.example', password: 'right password' });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(800);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toMatch(/Too many failed sign-ins/);
  });

  it('answers malformed requests with a 400 that says why', async () => {
    const res = await post('/api/login', '{not json');
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: { code: 'bad_request', message: 'The request body must be JSON.' } });
    expect((await post('/api/login', { email: 'nope' })).status).toBe(400);
    expect((await fetch(`${server.url}/api/nothing`)).status).toBe(404);
  });
});
