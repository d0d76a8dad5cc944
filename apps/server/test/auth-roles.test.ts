/**
 * The "Agents" suite: a representative (role `agent`) reaches no admin action and sets no field it
 * does not own; secrets are compared in constant time.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../src/config.ts';
import { hashPassword, verifyPassword } from '../src/core/auth/password.ts';
import { hashToken, sameSecret, validIdentityHmac } from '../src/core/auth/tokens.ts';
import { createApp } from '../src/edges/http/app.ts';
import { agentSocket, signIn, startTestServer, type TestServer } from './harness.ts';

let server: TestServer;
let rep: { id: string; cookie: string };
let boss: { id: string; cookie: string };
beforeAll(async () => {
  server = await startTestServer();
  const passwordHash = await hashPassword('a password');
  const repAgent = await server.store.agents.create({ email: 'rep@shop.example', name: 'Rep', role: 'agent', teams: ['north'], passwordHash });
  const bossAgent = await server.store.agents.create({ email: 'boss@shop.example', name: 'Boss', role: 'admin', passwordHash });
  rep = { id: repAgent.id, cookie: await signIn(server, 'rep@shop.example', 'a password') };
  boss = { id: bossAgent.id, cookie: await signIn(server, 'boss@shop.example', 'a password') };
});
afterAll(() => server.destroy());

/** Every API route, by who may call it. A new route fails this test until it is put in one of these lists. */
const PUBLIC = ['POST /api/login', 'POST /api/logout', 'GET /api/setup', 'POST /api/setup'];
const SIGNED_IN = [
  'GET /api/me',
  'PUT /api/me/avatar',
  'DELETE /api/me/avatar',
  'GET /api/conversations/:id/messages',
  'POST /api/conversations/:id/join',
  'POST /api/conversations/:id/assign',
  'POST /api/visitors/:id/messages',
  'GET /api/pending-messages',
  'POST /api/pending-messages/:id/cancel',
  'GET /api/history',
  'GET /api/history/export',
  'POST /api/conversations/:id/call',
  'POST /api/conversations/:id/files',
  'GET /api/customers',
  'GET /api/customers/:id',
  'PATCH /api/customers/:id',
  'POST /api/customers/:id/log',
  'POST /api/customers/:id/link',
];

/** Files: the visitor's token (or, for a download, an agent's session) decides, in core/files.ts; tested in files.test.ts. */
const FILES = ['OPTIONS /api/visitor/files', 'POST /api/visitor/files', 'OPTIONS /api/files/:id', 'GET /api/files/:id'];
/** Every agent's own, and the shared ones admins change: the rights are the core's (templates.test.ts). */
const TEMPLATES = ['GET /api/templates', 'POST /api/templates', 'PATCH /api/templates/:id', 'DELETE /api/templates/:id'];

const ADMIN = [
  'GET /api/agents', 'POST /api/agents', 'PATCH /api/agents/:id', 'GET /api/teams', 'POST /api/teams', 'PATCH /api/teams/:name', 'GET /api/mail',
  'GET /api/sites', 'PATCH /api/sites/:key', 'POST /api/sites/:key/secret',
];

const call = (route: string, cookie: string) => {
  const [method, path] = route.split(' ') as [string, string];
  return fetch(`${server.url}${path.replace(':id', boss.id)}`, {
    method,
    headers: { cookie, 'content-type': 'application/json', origin: new URL(server.url).origin },
    body: method === 'GET' ? undefined : JSON.stringify({ disabled: true }),
  });
};

describe('a representative', () => {
  it('is refused (403) at every admin route, and anonymous callers get 401', async () => {
    const config = readConfig({ PARLEY_DATA_DIR: server.dataDir });
    const routes = createApp(server.core, { publicUrl: config.publicUrl, trustProxy: config.trustProxy })
      .routes.filter((r) => r.path.startsWith('/api/') && r.method !== 'ALL')
      .map((r) => `${r.method} ${r.path}`);
    expect([...new Set(routes)].sort()).toEqual([...PUBLIC, ...SIGNED_IN, ...TEMPLATES, ...FILES, ...ADMIN].sort());
    for (const route of ADMIN) {
      const res = await call(route, rep.cookie);
      expect(res.status, route).toBe(403);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('forbidden');
      expect((await call(route, '')).status, route).toBe(401);
    }
    expect((await server.store.agents.byId(boss.id))?.disabledAt).toBeNull();
    expect((await call('GET /api/agents', boss.cookie)).status).toBe(200);
  });

  it('sets only its own availability and notification switches with the `me` frame: never role, email, name, team, disabled or someone else', async () => {
    const socket = await agentSocket(server, rep.cookie);
    await socket.next((f) => f.t === 'conversations');
    const before = (await server.store.agents.byId(rep.id))!;
    socket.send({ t: 'me', status: 'away', sound: false, desktop: true, role: 'admin', email: 'boss@shop.example', name: 'Boss', teams: [], disabled: false, disabledAt: null, id: boss.id, agentId: boss.id });
    const changed = await socket.next((f) => f.t === 'me' && f.agent.status === 'away');
    expect(changed.agent).toMatchObject({ id: rep.id, role: 'agent', email: 'rep@shop.example', name: 'Rep', teams: ['north'] });
    expect(await server.store.agents.byId(rep.id)).toEqual({ ...before, status: 'away', sound: false, desktop: true });
    expect(await server.store.agents.byId(boss.id)).toMatchObject({ status: 'available', sound: true, desktop: false });
    // Its socket still holds the role it was opened with: the admins' topic stays closed to it.
    expect(socket.closed).toBeNull();
    socket.close();
  });
});

describe('constant-time comparisons', () => {
  it('passwords: scrypt keys compared with timingSafeEqual; a malformed stored hash is a plain no', async () => {
    const stored = await hashPassword('right');
    expect(await verifyPassword('right', stored)).toBe(true);
    expect(await verifyPassword('wrong', stored)).toBe(false);
    for (const bad of ['', 'plain', 'scrypt$16384$8$1$', 'bcrypt$x$y$z$a$b', stored.replace(/\$[^$]+$/, '$AAAA')]) expect(await verifyPassword('right', bad)).toBe(false);
    expect(readFileSync(new URL('../src/core/auth/password.ts', import.meta.url), 'utf8')).toMatch(/timingSafeEqual\(actual, expected\)/);
  });

  it('setup token and identify HMAC: any length, any content, compared without throwing', () => {
    expect(sameSecret('a'.repeat(24), 'a'.repeat(24))).toBe(true);
    for (const given of ['', 'a', 'a'.repeat(23), 'a'.repeat(25), 'b'.repeat(24), 'ä'.repeat(24)]) expect(sameSecret(given, 'a'.repeat(24))).toBe(false);
    const secret = 'site secret';
    const good = '3f1c2f0f2b0e2a4f8f6b6f4b3f3a5e0a7c0e9b1d2c3e4f5a6b7c8d9e0f1a2b3c';
    expect(validIdentityHmac('user-1', good, secret)).toBe(false);
    for (const hmac of ['', 'zz', good.slice(2), `${good}00`, 'not hex at all']) expect(validIdentityHmac('user-1', hmac, secret)).toBe(false);
  });

  it('session tokens are looked up by their SHA-256 only: the stored row never holds the token', async () => {
    const token = decodeURIComponent(rep.cookie.split('=')[1]!);
    expect(await server.store.sessions.agent(token, Date.now())).toBeNull();
    expect((await server.store.sessions.agent(hashToken(token), Date.now()))?.id).toBe(rep.id);
  });

  it('no secret in core/auth is compared with === or !==', () => {
    for (const file of ['sessions.ts', 'tokens.ts', 'password.ts']) {
      const source = readFileSync(new URL(`../src/core/auth/${file}`, import.meta.url), 'utf8');
      expect(source, file).not.toMatch(/(token|hmac|hash|secret|stored)\w*\s*[!=]==[^;\n]*(token|hmac|hash|secret|stored|key)/i);
    }
  });
});
