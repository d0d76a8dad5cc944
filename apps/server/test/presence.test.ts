import { afterEach, describe, expect, it } from 'vitest';
import { hashPassword } from '../src/core/auth/password.ts';
import type { Site } from '../src/ports/store.ts';
import { agentSocket, helloVisitor, signIn, startTestServer, type TestServer, TestSocket } from './harness.ts';

let server: TestServer;
let site: Site;

async function setUp(env: Record<string, string> = {}, heartbeatMs = 25_000) {
  server = await startTestServer(undefined, env, { heartbeatMs });
  site = await server.store.sites.create({ name: 'Shop', origins: ['https://shop.example'] });
  await server.store.agents.create({ email: 'ann@shop.example', name: 'Ann', role: 'admin', passwordHash: await hashPassword('correct horse') });
  const agent = await agentSocket(server, await signIn(server, 'ann@shop.example', 'correct horse'));
  await agent.next((f) => f.t === 'visitors');
  return agent;
}
afterEach(() => server.destroy());

const page = { url: 'https://shop.example/mugs', title: 'Mugs', referrer: 'https://search.example/?q=mugs' };
const visitorUpdate = (id: string, online: boolean) => (f: any) => f.t === 'visitor' && f.item.id === id && f.item.online === online;

async function visitorFrom(headers: Record<string, string>, hello: Record<string, unknown> = {}) {
  const socket = await TestSocket.open(`${server.url.replace('http', 'ws')}/ws/visitor?site=${site.key}`, { origin: 'https://shop.example', ...headers });
  socket.send({ t: 'hello', site: site.key, page, ...hello });
  return { socket, welcome: await socket.next((f) => f.t === 'welcome') };
}

describe('presence', () => {
  it('counts two tabs of one visitor once and goes offline when the last closes', async () => {
    const agent = await setUp();
    const tab1 = await helloVisitor(server, site, { page });
    await agent.next(visitorUpdate(tab1.welcome.visitorId, true));
    const tab2 = await helloVisitor(server, site, { token: tab1.welcome.token, page });
    tab1.socket.close();
    await tab1.socket.waitClosed();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(agent.frames.filter(visitorUpdate(tab1.welcome.visitorId, false))).toHaveLength(0);
    tab2.socket.close();
    const offline = await agent.next(visitorUpdate(tab1.welcome.visitorId, false));
    expect(offline.item.context).toMatchObject({ page: { url: page.url, title: 'Mugs' }, referrer: page.referrer, visits: 1 });
    agent.close();
  });

  it('marks a visitor whose socket stops answering offline within two heartbeats', async () => {
    const agent = await setUp({}, 200);
    const { socket, welcome } = await helloVisitor(server, site);
    await agent.next(visitorUpdate(welcome.visitorId, true));
    const silenced = Date.now();
    // Stops reading: pings go unanswered, as with a closed laptop lid.
    socket.ws.pause();
    await agent.next(visitorUpdate(welcome.visitorId, false), 2000);
    expect(Date.now() - silenced).toBeLessThan(1000);
    agent.close();
  });

  it('lists online visitors to an agent who connects later, with their page and visits', async () => {
    await setUp();
    const { welcome } = await helloVisitor(server, site, { page, tz: 'Europe/Oslo', lang: 'nb-NO' });
    const late = await agentSocket(server, await signIn(server, 'ann@shop.example', 'correct horse'));
    const { items } = await late.next((f) => f.t === 'visitors');
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ id: welcome.visitorId, online: true, context: { visits: 1, timeZone: 'Europe/Oslo', language: 'nb-NO' } });
    late.close();
  });

  it('moves last active on activity, not on heartbeats or reconnects, and keeps it across restarts', async () => {
    const agent = await setUp({}, 100);
    const { socket, welcome } = await helloVisitor(server, site, { reconnect: true });
    await agent.next(visitorUpdate(welcome.visitorId, true));
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect((await server.store.visitors.byId(welcome.visitorId))?.lastActiveAt).toBeNull();
    socket.send({ t: 'activity' });
    const active = await agent.next((f) => f.t === 'visitor' && f.item.lastActiveAt !== null);
    expect(active.item.lastActiveAt).toBeGreaterThan(Date.now() - 5000);
    socket.close();
    agent.close();
    const dataDir = server.dataDir;
    await server.stop();
    server = await startTestServer(dataDir);
    expect((await server.store.visitors.byId(welcome.visitorId))?.lastActiveAt).toBe(active.item.lastActiveAt);
  });

  it('counts a new visit only after 30 quiet minutes', async () => {
    await setUp();
    const { welcome } = await helloVisitor(server, site, { page });
    const { store } = server;
    await store.visitors.recordPageView(welcome.visitorId, { at: Date.now() + 60_000, page, userAgent: null, language: null, timeZone: null });
    expect((await store.visitors.byId(welcome.visitorId))?.visits).toBe(1);
    await store.visitors.recordPageView(welcome.visitorId, { at: Date.now() + 40 * 60_000, page, userAgent: null, language: null, timeZone: null });
    expect((await store.visitors.byId(welcome.visitorId))?.visits).toBe(2);
  });
});

describe('location', () => {
  it('resolves a public address from the real database when the proxy is trusted', async () => {
    const agent = await setUp({ PARLEY_TRUST_PROXY: '1' });
    const { welcome } = await visitorFrom({ 'x-forwarded-for': '10.9.9.9, 8.8.8.8', 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36' });
    const located = await agent.next((f) => f.t === 'visitor' && f.item.id === welcome.visitorId && f.item.location);
    expect(located.item.location).toMatchObject({ countryCode: 'US', country: 'United States' });
    expect(located.item.context).toMatchObject({ browser: 'Chrome 120', os: 'Linux' });
    const stored = await server.store.visitors.byId(welcome.visitorId);
    expect(stored?.location?.countryCode).toBe('US');
    agent.close();
  });

  it('ignores X-Forwarded-For unless trusted: loopback is Unknown', async () => {
    const agent = await setUp();
    const { welcome } = await visitorFrom({ 'x-forwarded-for': '8.8.8.8' }, { tz: 'Europe/Oslo' });
    await agent.next(visitorUpdate(welcome.visitorId, true));
    await server.core.tasks.drain();
    const profile = await server.store.visitors.byId(welcome.visitorId);
    expect(profile?.location).toBeNull();
    expect(profile?.timeZone).toBe('Europe/Oslo');
    agent.close();
  });

  it('keeps only the resolved location when the site turns storeIp off', async () => {
    const agent = await setUp({ PARLEY_TRUST_PROXY: '1' });
    await server.core.sites.update(site.key, { settings: { storeIp: false } });
    site = (await server.store.sites.byKey(site.key))!;
    const { welcome } = await visitorFrom({ 'x-forwarded-for': '8.8.8.8' });
    await agent.next((f) => f.t === 'visitor' && f.item.id === welcome.visitorId && f.item.location);
    const sqlite = (await import('better-sqlite3')).default;
    const db = new sqlite(`${server.dataDir}/parley.db`, { readonly: true });
    expect(db.prepare('select ip, country_code from visitors where id = ?').get(welcome.visitorId)).toEqual({ ip: null, country_code: 'US' });
    db.close();
    agent.close();
  });
});
