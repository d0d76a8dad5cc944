/**
 * Agents' photos: each agent sets and removes their own at /api/me/avatar (images only, checked by
 * their bytes, at most 1 MB); anyone reads them at /avatars/:name with no cookie, as a widget on
 * another site does; a replaced or removed photo leaves no bytes behind; open widgets hear it.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { AVATAR_SIZE } from '@parley/protocol';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashPassword } from '../src/core/auth/password.ts';
import type { Site } from '../src/ports/store.ts';
import { agentSocket, helloVisitor, signIn, startTestServer, type TestServer } from './harness.ts';

let server: TestServer;
let site: Site;
let olga: string;
let rita: string;
beforeEach(async () => {
  server = await startTestServer();
  site = await server.core.sites.create({ name: 'Shop', origins: ['https://shop.example'] });
  await server.store.agents.create({ email: 'olga@shop.example', name: 'Olga', role: 'admin', passwordHash: await hashPassword('a long password') });
  await server.store.agents.create({ email: 'rita@shop.example', name: 'Rita', role: 'agent', passwordHash: await hashPassword('a long password') });
  olga = await signIn(server, 'olga@shop.example', 'a long password');
  rita = await signIn(server, 'rita@shop.example', 'a long password');
});
afterEach(() => server.destroy());

const image = (format: 'png' | 'jpeg' | 'webp', width = 600, height = 400) =>
  sharp({ create: { width, height, channels: 3, background: '#c05030' } }).toFormat(format).toBuffer();

const put = (cookie: string, body: Uint8Array | string, headers: Record<string, string> = {}) =>
  fetch(`${server.url}/api/me/avatar`, { method: 'PUT', headers: { cookie, origin: server.url, 'content-type': 'application/octet-stream', ...headers }, body });
const remove = (cookie: string) => fetch(`${server.url}/api/me/avatar`, { method: 'DELETE', headers: { cookie, origin: server.url } });
const stored = () => readdirSync(join(server.dataDir, 'uploads')).filter((name) => !name.startsWith('.'));
const avatarOf = async (email: string) => (await server.store.agents.byEmail(email))!.avatar;

describe('an agent’s photo', () => {
  it('is set from an image’s bytes and served to anyone, without a cookie, as an image other sites may show', async () => {
    const res = await put(olga, await image('jpeg'));
    expect(res.status).toBe(200);
    const { agent } = (await res.json()) as any;
    expect(agent.avatarUrl).toMatch(/^\/avatars\/[\w-]{21}\.jpg$/);
    const photo = await fetch(`${server.url}${agent.avatarUrl}`);
    expect(photo.status).toBe(200);
    expect(photo.headers.get('content-type')).toBe('image/jpeg');
    expect(photo.headers.get('x-content-type-options')).toBe('nosniff');
    expect(photo.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(photo.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    // Stored small and square, whatever was sent.
    const meta = await sharp(Buffer.from(await photo.arrayBuffer())).metadata();
    expect(meta).toMatchObject({ format: 'jpeg', width: AVATAR_SIZE, height: AVATAR_SIZE });
    expect(stored()).toHaveLength(1);
    const me = (await (await fetch(`${server.url}/api/me`, { headers: { cookie: olga } })).json()) as any;
    expect(me.agent.avatarUrl).toBe(agent.avatarUrl);
  });

  it('refuses what is not a PNG, JPEG or WebP, or is over 1 MB, in words, and writes nothing', async () => {
    const gif = await sharp({ create: { width: 10, height: 10, channels: 3, background: '#000' } }).gif().toBuffer();
    const cases: Array<[Uint8Array | string, number]> = [
      ['<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', 415],
      ['just some text', 415],
      [gif, 415],
      [new Uint8Array(0), 400],
      [new Uint8Array(1024 * 1024 + 1).fill(7), 413],
    ];
    for (const [body, status] of cases) {
      const res = await put(olga, body);
      expect(res.status).toBe(status);
      const { message } = ((await res.json()) as any).error;
      expect(message).toMatch(/\w+ \w+/);
      if (status === 413) expect(message).toBe('A photo is at most 1.0 MB: choose a smaller image.');
    }
    // A PNG's bytes sent as if they were something else are still a PNG, and the type header must say bytes.
    expect((await put(olga, await image('png'), { 'content-type': 'image/png' })).status).toBe(415);
    expect(stored()).toEqual([]);
    expect(await avatarOf('olga@shop.example')).toBeNull();
  });

  it('replaced, leaves only the new bytes, and the old address serves nothing; removed, leaves none', async () => {
    const first = ((await (await put(olga, await image('png'))).json()) as any).agent.avatarUrl;
    const second = ((await (await put(olga, await image('webp'))).json()) as any).agent.avatarUrl;
    expect(second).not.toBe(first);
    expect(second).toMatch(/\.webp$/);
    expect(stored()).toEqual([second.slice('/avatars/'.length, -'.webp'.length)]);
    expect((await fetch(`${server.url}${first}`)).status).toBe(404);
    expect((await fetch(`${server.url}${second}`)).headers.get('content-type')).toBe('image/webp');
    const res = await remove(olga);
    expect(res.status).toBe(200);
    expect(((await res.json()) as any).agent.avatarUrl).toBeNull();
    expect(stored()).toEqual([]);
    expect((await fetch(`${server.url}${second}`)).status).toBe(404);
  });

  it('is the signed-in agent’s own: another agent changes only theirs, another site’s page nothing, and a file’s id is no photo', async () => {
    await put(olga, await image('png'));
    const mine = await avatarOf('olga@shop.example');
    expect((await put(rita, await image('png'))).status).toBe(200);
    expect(await remove(rita)).toMatchObject({ status: 200 });
    expect(await avatarOf('olga@shop.example')).toBe(mine);
    expect((await put(olga, await image('jpeg'), { origin: 'https://evil.example' })).status).toBe(403);
    expect((await fetch(`${server.url}/api/me/avatar`, { method: 'DELETE', headers: { cookie: olga, origin: 'https://evil.example' } })).status).toBe(403);
    expect((await put('parley_session=nope', await image('png'))).status).toBe(401);
    expect(await avatarOf('olga@shop.example')).toBe(mine);
    // Bytes in the FileStore that are not an agent's photo now (a message's file) are never served here.
    await server.core.ctx.files.put('A'.repeat(21), await image('png'));
    expect((await fetch(`${server.url}/avatars/${'A'.repeat(21)}.png`)).status).toBe(404);
    expect((await fetch(`${server.url}/avatars/..%2Fsecret.png`)).status).toBe(404);
  });

  it('reaches open widgets’ headers at once, as an address on the public URL', async () => {
    const console = await agentSocket(server, olga);
    await console.next((f) => f.t === 'agents' && f.items.some((a: any) => a.name === 'Olga' && a.online));
    const { socket, welcome } = await helloVisitor(server, site);
    expect(welcome.config.agents).toEqual([{ name: 'Olga', avatarUrl: null }]);
    const { agent } = (await (await put(olga, await image('png'))).json()) as any;
    const config = await socket.next((f) => f.t === 'config' && f.config.agents[0]?.avatarUrl);
    expect(config.config.agents).toEqual([{ name: 'Olga', avatarUrl: `http://localhost:3999${agent.avatarUrl}` }]);
    expect((await console.next((f) => f.t === 'me' && f.agent.avatarUrl)).agent.avatarUrl).toBe(agent.avatarUrl);
    await remove(olga);
    expect((await socket.next((f) => f.t === 'config' && f.config.agents[0]?.avatarUrl === null)).config.agents).toEqual([{ name: 'Olga', avatarUrl: null }]);
    socket.close();
    console.close();
  });
});
