/**
 * Admins' site settings over HTTP (`/api/sites`), read as `pnpm parley site set` reads them; the
 * widgets of a site hear a change live, and are told who answers and when a closed team is back;
 * requireIdentity refuses unsigned identities.
 */
import { execFile } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashPassword } from '../src/core/auth/password.ts';
import type { Site } from '../src/ports/store.ts';
import { agentSocket, helloVisitor, signIn, startTestServer, type TestServer } from './harness.ts';

let server: TestServer;
let site: Site;
let admin: string;
let rep: string;
beforeEach(async () => {
  server = await startTestServer();
  site = await server.core.sites.create({ name: 'Shop', origins: ['https://shop.example'] });
  await server.store.agents.create({ email: 'olga@shop.example', name: 'Olga', role: 'admin', passwordHash: await hashPassword('a long password') });
  await server.store.agents.create({ email: 'rita@shop.example', name: 'Rita', role: 'agent', passwordHash: await hashPassword('a long password') });
  admin = await signIn(server, 'olga@shop.example', 'a long password');
  rep = await signIn(server, 'rita@shop.example', 'a long password');
});
afterEach(() => server.destroy());

const patch = (key: string, body: unknown, headers: Record<string, string> = { cookie: admin }) =>
  fetch(`${server.url}/api/sites/${key}`, { method: 'PATCH', headers: { origin: server.url, 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });
const sites = (cookie = admin) => fetch(`${server.url}/api/sites`, { headers: { cookie } });
const stored = async (key = site.key) => (await server.store.sites.byKey(key))!;

describe('the settings API', () => {
  it('shows an admin each site with its key, origins, secret, embed snippet and every setting', async () => {
    const res = await sites();
    expect(res.status).toBe(200);
    const shown = ((await res.json()) as any).sites.find((s: any) => s.key === site.key);
    expect(shown).toEqual({
      key: site.key,
      name: 'Shop',
      origins: ['https://shop.example'],
      secret: site.secret,
      embed: `<script async src="http://localhost:3999/widget.js" data-site="${site.key}"></script>`,
      settings: site.settings,
    });
  });

  it('changes name, origins and settings in one save, read as site set reads them', async () => {
    const res = await patch(site.key, { name: ' Mugs ', origins: 'https://mugs.example/shop, https://www.mugs.example', chat: 'off', greeting: 'Hello!\nAsk us anything.', brandColor: '#AA3300', emailDelay: '60' });
    expect(res.status).toBe(200);
    const after = await stored();
    expect(after).toMatchObject({ name: 'Mugs', origins: ['https://mugs.example', 'https://www.mugs.example'] });
    expect(after.settings).toMatchObject({ chat: false, greeting: 'Hello!\nAsk us anything.', brandColor: '#aa3300', emailDelay: 60 });
    expect(((await res.json()) as any).site.settings).toEqual(after.settings);
  });

  it('refuses bad values in words, each by its field, and writes none of the save', async () => {
    const before = await stored();
    const res = await patch(site.key, { greeting: 'Fine', brandColor: 'red', emailDelay: 'soon', name: ' ', origins: 'ftp://x', team: 'nobody' });
    expect(res.status).toBe(400);
    const { error } = (await res.json()) as any;
    expect(error).toMatchObject({ code: 'bad_request' });
    expect(error.fields).toEqual({
      brandColor: 'brandColor: a colour such as #2456e8',
      emailDelay: 'emailDelay: a duration is a whole number of seconds',
      name: 'name: a site needs a name',
      origins: 'origins: "ftp://x" is not a site address such as https://shop.example.',
    });
    // A team that does not exist is the core's to know: refused by its field, nothing else written either.
    const team = await patch(site.key, { greeting: 'Fine', team: 'nobody' });
    expect(team.status).toBe(400);
    expect(((await team.json()) as any).error.fields).toEqual({ team: expect.stringContaining('No team is named nobody') });
    for (const body of [{ nope: '1' }, '{"__proto__":"1","greeting":"x"}', {}, { greeting: 7 }, '"text"', '{']) expect((await patch(site.key, body)).status).toBe(400);
    expect(await stored()).toEqual(before);
  });

  it('is for admins: an agent gets 403, no session 401, another origin 403, and nothing changes', async () => {
    const before = await stored();
    expect((await sites(rep)).status).toBe(403);
    expect((await fetch(`${server.url}/api/sites`)).status).toBe(401);
    expect((await patch(site.key, { greeting: 'Hacked' }, { cookie: rep })).status).toBe(403);
    expect((await patch(site.key, { greeting: 'Hacked' }, { cookie: admin, origin: 'https://evil.example' })).status).toBe(403);
    expect((await patch('nope', { greeting: 'x' })).status).toBe(404);
    expect(await stored()).toEqual(before);
  });

  it('reads each value as the CLI does: the same result, the same words', { timeout: 60_000 }, async () => {
    const twin = await server.core.sites.create({ name: 'Twin', origins: ['https://twin.example'] });
    const values = { brandColor: '#00AA77', position: 'left', offsetX: '32', launcherLabel: 'Chat with us', uploadTypes: 'png, JPG', hours: 'mon-fri 09:00-17:00', timezone: 'Europe/Oslo', sound: 'on' };
    const run = promisify(execFile);
    const env = { ...process.env, PARLEY_DATA_DIR: server.dataDir };
    const cwd = new URL('..', import.meta.url).pathname;
    const parley = (...args: string[]) => run(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], { cwd, env }).catch((error: { stderr: string }) => error);
    const [, refused] = await Promise.all([
      parley('site', 'set', twin.key, ...Object.entries(values).map(([name, value]) => `${name}=${value}`)),
      parley('site', 'set', twin.key, 'brandColor=#12', 'language=tlh'),
    ]);
    expect((await patch(site.key, values)).status).toBe(200);
    expect((await stored()).settings).toEqual((await stored(twin.key)).settings);
    const http = ((await (await patch(site.key, { brandColor: '#12', language: 'tlh' })).json()) as any).error.message;
    expect(http).toBe(refused.stderr.trim());
  });
});

describe('open widgets', () => {
  it('hear a change of how they look at once, and carry it in every welcome', async () => {
    const { socket, welcome } = await helloVisitor(server, site);
    expect(welcome.config).toMatchObject({ title: 'Shop', greeting: '', brandColor: '#2456e8', agents: [] });
    expect(welcome.backAt).toBeNull();
    expect((await patch(site.key, { greeting: 'Hi there', brandColor: '#AA3300', teamName: 'Shop team' })).status).toBe(200);
    expect((await socket.next((f) => f.t === 'config')).config).toMatchObject({ title: 'Shop team', greeting: 'Hi there', brandColor: '#aa3300' });
    // A setting the widget does not show sends it nothing.
    await patch(site.key, { emailDelay: '30' });
    await patch(site.key, { name: 'Renamed' });
    expect(socket.frames.filter((f) => f.t === 'config')).toHaveLength(1);
    const again = await helloVisitor(server, site);
    expect(again.welcome.config).toMatchObject({ title: 'Shop team', greeting: 'Hi there' });
    socket.close();
    again.socket.close();
  });

  it('are told when chat is turned off and on', async () => {
    const olga = await agentSocket(server, admin);
    await olga.next((f) => f.t === 'agents' && f.items.some((a: any) => a.name === 'Olga' && a.online));
    const { socket, welcome } = await helloVisitor(server, site);
    expect(welcome.available).toBe(true);
    await patch(site.key, { chat: 'off' });
    expect(await socket.next((f) => f.t === 'availability')).toEqual({ t: 'availability', available: false, backAt: null });
    await patch(site.key, { chat: 'on' });
    expect(await socket.next((f) => f.t === 'availability' && f.available)).toEqual({ t: 'availability', available: true, backAt: null });
    socket.close();
    olga.close();
  });

  it('an open tab writing after chat was turned off is answered as away, its conversation missed', async () => {
    const olga = await agentSocket(server, admin);
    await olga.next((f) => f.t === 'agents' && f.items.some((a: any) => a.name === 'Olga' && a.online));
    const { socket, welcome } = await helloVisitor(server, site);
    expect(welcome.available).toBe(true);
    await patch(site.key, { chat: 'off' });
    await socket.next((f) => f.t === 'availability' && !f.available);
    socket.send({ t: 'send', clientId: 'a', text: 'Anyone there?' });
    const away = await socket.next((f) => f.t === 'message' && f.message.author === 'system');
    expect((await server.store.conversations.byId(away.message.conversationId))?.missed).toBe(true);
    socket.close();
    olga.close();
  });

  it('are told when a team closed by its hours is back', async () => {
    // Open one minute a day, at midnight UTC: closed now (unless the test runs in that minute).
    if (new Date().getUTCHours() === 0 && new Date().getUTCMinutes() === 0) return;
    const { socket } = await helloVisitor(server, site);
    await patch(site.key, { hours: 'sun-sat 00:00-00:01', timezone: 'UTC' });
    const frame = await socket.next((f) => f.t === 'availability' && f.backAt !== null);
    expect(frame.available).toBe(false);
    const midnight = new Date();
    midnight.setUTCHours(24, 0, 0, 0);
    expect(frame.backAt).toBe(midnight.getTime());
    const again = await helloVisitor(server, site);
    expect(again.welcome).toMatchObject({ available: false, backAt: midnight.getTime() });
    // Chat off: not the hours keep it closed, and no time is promised.
    await patch(site.key, { chat: 'off' });
    expect(await socket.next((f) => f.t === 'availability' && f.backAt === null)).toEqual({ t: 'availability', available: false, backAt: null });
    socket.close();
    again.socket.close();
  });

  it('show the agents who answer the site and are present, by name, at most three', async () => {
    const olga = await agentSocket(server, admin);
    await olga.next((f) => f.t === 'agents' && f.items.some((a: any) => a.name === 'Olga' && a.online));
    const { socket, welcome } = await helloVisitor(server, site);
    expect(welcome.config.agents).toEqual([{ name: 'Olga', avatarUrl: null }]);
    const rita = await agentSocket(server, rep);
    expect((await socket.next((f) => f.t === 'config' && f.config.agents.length === 2)).config.agents).toEqual([
      { name: 'Olga', avatarUrl: null },
      { name: 'Rita', avatarUrl: null },
    ]);
    rita.send({ t: 'me', status: 'away' });
    expect((await socket.next((f) => f.t === 'config' && f.config.agents.length === 1)).config.agents).toEqual([{ name: 'Olga', avatarUrl: null }]);
    for (const s of [socket, olga, rita]) s.close();
  });
});

describe('requireIdentity', () => {
  it('refuses an email or userId without a valid hmac once on, and takes a signed one', async () => {
    const { socket } = await helloVisitor(server, site);
    await patch(site.key, { requireIdentity: 'on' });
    socket.send({ t: 'identify', email: 'eve@example.com' });
    expect(await socket.next((f) => f.t === 'error')).toMatchObject({ code: 'bad_identity' });
    socket.send({ t: 'identify', userId: 'user-1' });
    await socket.next(() => socket.frames.filter((f) => f.t === 'error').length === 2);
    // A name alone claims nobody's identity.
    socket.send({ t: 'identify', name: 'Eve' });
    await socket.next((f) => f.t === 'profile' && f.name === 'Eve');
    expect((await server.store.visitors.byId(socket.frames.find((f) => f.t === 'welcome').visitorId))?.email).toBeNull();
    const hmac = createHmac('sha256', site.secret).update('user-1').digest('hex');
    socket.send({ t: 'identify', email: 'ada@example.com', userId: 'user-1', hmac });
    expect(await socket.next((f) => f.t === 'profile' && f.email === 'ada@example.com')).toMatchObject({ email: 'ada@example.com' });
    socket.close();
  });

  it('takes a new secret from an admin: the old one signs nothing from then on, even in an open tab', async () => {
    const { socket } = await helloVisitor(server, site);
    const rotate = (cookie: string) => fetch(`${server.url}/api/sites/${site.key}/secret`, { method: 'POST', headers: { origin: server.url, cookie } });
    expect((await rotate(rep)).status).toBe(403);
    expect((await stored()).secret).toBe(site.secret);
    const res = await rotate(admin);
    expect(res.status).toBe(200);
    const { secret } = ((await res.json()) as any).site;
    expect(secret).toMatch(/^[0-9a-f]{64}$/);
    expect(secret).not.toBe(site.secret);
    const sign = (key: string) => createHmac('sha256', key).update('user-1').digest('hex');
    socket.send({ t: 'identify', userId: 'user-1', hmac: sign(site.secret) });
    expect(await socket.next((f) => f.t === 'error')).toMatchObject({ code: 'bad_identity' });
    socket.send({ t: 'identify', userId: 'user-1', hmac: sign(secret), name: 'Ada' });
    await socket.next((f) => f.t === 'profile' && f.name === 'Ada');
    socket.close();
  });

  it("still takes the email a visitor types into the widget's own form, as a contact, never with a userId", async () => {
    const { socket } = await helloVisitor(server, site);
    await patch(site.key, { requireIdentity: 'on' });
    socket.send({ t: 'identify', email: 'eve@example.com', userId: 'user-2', typed: true });
    expect(await socket.next((f) => f.t === 'error')).toMatchObject({ code: 'bad_identity' });
    socket.send({ t: 'identify', email: 'kim@example.com', typed: true });
    expect(await socket.next((f) => f.t === 'profile')).toMatchObject({ email: 'kim@example.com' });
    const visitor = await server.store.visitors.byId(socket.frames.find((f) => f.t === 'welcome').visitorId);
    expect([visitor?.email, visitor?.userId ?? null]).toEqual(['kim@example.com', null]);
    socket.close();
  });

  it('is off by default: a typed email is taken as today', async () => {
    const { socket } = await helloVisitor(server, site);
    socket.send({ t: 'identify', email: 'ada@example.com' });
    expect(await socket.next((f) => f.t === 'profile')).toMatchObject({ email: 'ada@example.com' });
    socket.close();
  });
});
