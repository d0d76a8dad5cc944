/**
 * Issue 11, item 1: files in messages, on a real server with real files. The type comes from the
 * bytes (a PNG named .exe is an image, an .exe named .png is refused, an SVG is only ever a
 * download), oversized files are refused while streaming with nothing stored, a file reaches only
 * its conversation's visitor and the agents who may see it (404 for everyone else), EXIF GPS is
 * gone once stored, uploads are rate-limited, and a retried upload stores one message and one file.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { FILES_PATH, VISITOR_UPLOAD_PATH, agentUploadPath } from '@parley/protocol';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashPassword } from '../src/core/auth/password.ts';
import { hashToken } from '../src/core/auth/tokens.ts';
import type { Site } from '../src/ports/store.ts';
import { helloVisitor, signIn, startTestServer, type TestServer } from './harness.ts';

const ORIGIN = 'https://shop.example';
let server: TestServer;
let site: Site;
let annCookie: string;

beforeEach(async () => {
  server = await startTestServer();
  await server.core.teams.add({ name: 'desk', mode: 'collaboration' });
  await server.core.teams.add({ name: 'other', mode: 'collaboration' });
  site = await server.store.sites.create({ name: 'Shop', origins: [ORIGIN] });
  site = await server.core.sites.update(site.key, { settings: { team: 'desk' } });
  await server.store.agents.create({ email: 'ann@shop.example', name: 'Ann', role: 'agent', teams: ['desk'], passwordHash: await hashPassword('correct horse') });
  await server.store.agents.create({ email: 'bob@shop.example', name: 'Bob', role: 'agent', teams: ['other'], passwordHash: await hashPassword('correct horse') });
  annCookie = await signIn(server, 'ann@shop.example', 'correct horse');
});
afterEach(() => server.destroy());

const png = (width = 40, height = 30) => sharp({ create: { width, height, channels: 3, background: '#3366cc' } }).png().toBuffer();
const exe = () => Buffer.concat([Buffer.from('MZ'), Buffer.alloc(510, 1)]);
const SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(document.cookie)</script></svg>';
/** Responses' JSON, loosely typed: the tests check its shape. */
const json = (res: Response): Promise<any> => res.json();
const uploads = () => readdirSync(join(server.dataDir, 'uploads'));

let clientIds = 0;
async function visitorUpload(token: string | null, name: string, body: RequestInit['body'], extra: { clientId?: string; origin?: string } = {}) {
  const query = new URLSearchParams({ site: site.key, name, clientId: extra.clientId ?? `f${++clientIds}` });
  return fetch(`${server.url}${VISITOR_UPLOAD_PATH}?${query}`, {
    method: 'POST',
    headers: { origin: extra.origin ?? ORIGIN, 'content-type': 'application/octet-stream', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body,
    // A stream is sent chunked, with no length to refuse it by in advance.
    ...(body instanceof ReadableStream ? { duplex: 'half' } : {}),
  } as RequestInit);
}

async function visitor() {
  const { socket, welcome } = await helloVisitor(server, site);
  return { socket, token: welcome.token as string };
}

const visitorGet = (id: string, token: string | null) =>
  fetch(`${server.url}${FILES_PATH}/${id}?site=${site.key}`, { headers: { origin: ORIGIN, ...(token ? { authorization: `Bearer ${token}` } : {}) } });
const agentGet = (id: string, cookie: string | null) => fetch(`${server.url}${FILES_PATH}/${id}`, { headers: cookie ? { cookie } : {} });

describe('file types come from the bytes', () => {
  it('stores and serves a PNG named .exe as an inline image named .png', async () => {
    const { token } = await visitor();
    const res = await visitorUpload(token, 'holiday.exe', await png());
    expect(res.status).toBe(201);
    expect(res.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    const { message } = await json(res);
    expect(message.text).toBe('holiday.png');
    expect(message.attachment).toMatchObject({ name: 'holiday.png', type: 'image/png', image: true, width: 40, height: 30 });
    expect(message.attachment.id.length).toBeGreaterThanOrEqual(21);

    const file = await visitorGet(message.attachment.id, token);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('image/png');
    expect(file.headers.get('content-disposition')).toBe(`inline; filename="holiday.png"; filename*=UTF-8''holiday.png`);
    expect(file.headers.get('x-content-type-options')).toBe('nosniff');
    expect(file.headers.get('content-security-policy')).toMatch(/^sandbox; default-src 'none'/);
    expect((await sharp(Buffer.from(await file.arrayBuffer())).metadata()).format).toBe('png');
  });

  it('refuses an .exe named .png (exe is not an accepted type) and stores nothing', async () => {
    const { token } = await visitor();
    const res = await visitorUpload(token, 'photo.png', exe());
    expect(res.status).toBe(415);
    expect((await json(res)).error.message).toMatch(/\(exe\) is not accepted/);
    expect(uploads()).toEqual([]);
    const who = await server.store.visitors.byToken(site.id, hashToken(token));
    expect(await server.store.conversations.ofVisitor(who!.id)).toBeNull();
  });

  it('refuses an SVG by default, and where a site allows it, serves it only as a sandboxed download', async () => {
    const { token } = await visitor();
    expect((await visitorUpload(token, 'cat.png', SVG)).status).toBe(415);

    site = await server.core.sites.update(site.key, { settings: { uploadTypes: 'png,svg' } });
    const res = await visitorUpload(token, 'cat.png', SVG);
    expect(res.status).toBe(201);
    const { message } = await json(res);
    expect(message.attachment).toMatchObject({ name: 'cat.svg', image: false });
    for (const file of [await visitorGet(message.attachment.id, token), await agentGet(message.attachment.id, annCookie)]) {
      expect(file.status).toBe(200);
      expect(file.headers.get('content-type')).toBe('application/octet-stream');
      expect(file.headers.get('content-disposition')).toBe(`attachment; filename="cat.svg"; filename*=UTF-8''cat.svg`);
      expect(file.headers.get('x-content-type-options')).toBe('nosniff');
      expect(file.headers.get('content-security-policy')).toMatch(/^sandbox; default-src 'none'/);
      expect(await file.text()).toBe(SVG);
    }
  });

  it('encodes a non-ASCII name by RFC 6266 and keeps a PDF a download', async () => {
    const { token } = await visitor();
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj << /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >> endobj\n%%EOF\n');
    const res = await visitorUpload(token, 'Façture "mai".pdf', pdf);
    const { message } = await json(res);
    const file = await visitorGet(message.attachment.id, token);
    expect(file.headers.get('content-type')).toBe('application/octet-stream');
    expect(file.headers.get('content-disposition')).toBe(`attachment; filename="Fa_ture _mai_.pdf"; filename*=UTF-8''Fa%C3%A7ture%20%22mai%22.pdf`);
  });
});

describe('size', () => {
  it('refuses an oversized file with a clear error, by its length or while streaming, and stores nothing', async () => {
    site = await server.core.sites.update(site.key, { settings: { uploadMaxBytes: 1000 } });
    const { token } = await visitor();
    const big = Buffer.concat([await png(), Buffer.alloc(5000)]);
    const declared = await visitorUpload(token, 'big.png', big);
    expect(declared.status).toBe(413);
    expect((await json(declared)).error.message).toBe('Files are limited to 1.0 KB here.');

    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= 1_000_000) return controller.close();
        sent += 10_000;
        controller.enqueue(new Uint8Array(10_000));
      },
    });
    const streamed = await visitorUpload(token, 'big.png', stream);
    expect(streamed.status).toBe(413);
    expect(uploads()).toEqual([]);
  });
});

describe('who may read a file', () => {
  it('gives 404 to another visitor, to no token, to an agent who may not see the conversation, and to no one signed in', async () => {
    const { token } = await visitor();
    const { message } = await json(await visitorUpload(token, 'a.png', await png()));
    const id = message.attachment.id;
    const other = await visitor();
    const bobCookie = await signIn(server, 'bob@shop.example', 'correct horse');

    expect((await visitorGet(id, token)).status).toBe(200);
    expect((await agentGet(id, annCookie)).status).toBe(200);
    const refusals = [await visitorGet(id, other.token), await visitorGet(id, null), await agentGet(id, bobCookie), await agentGet(id, null), await agentGet('x'.repeat(21), annCookie)];
    for (const res of refusals) {
      expect(res.status).toBe(404);
      expect(await json(res)).toEqual({ error: { code: 'not_found', message: 'No such file.' } });
    }
  });

  it('takes an agent upload only from a signed-in agent who may see the conversation, from our own origin', async () => {
    const { token } = await visitor();
    const { message } = await json(await visitorUpload(token, 'a.png', await png()));
    const path = `${agentUploadPath(message.conversationId)}?name=invoice.pdf&clientId=r1`;
    const pdf = Buffer.from('%PDF-1.4\n%%EOF\n');
    const post = (cookie: string, origin: string) =>
      fetch(`${server.url}${path}`, { method: 'POST', headers: { cookie, origin, 'content-type': 'application/octet-stream' }, body: pdf });
    expect((await post(annCookie, 'https://evil.example')).status).toBe(403);
    expect((await post(await signIn(server, 'bob@shop.example', 'correct horse'), server.url)).status).toBe(404);
    const res = await post(annCookie, server.url);
    expect(res.status).toBe(201);
    const sent = (await json(res)).message;
    expect(sent).toMatchObject({ author: 'agent', authorName: 'Ann', text: 'invoice.pdf', attachment: { name: 'invoice.pdf', size: pdf.length, image: false } });
    expect(Buffer.from(await (await visitorGet(sent.attachment.id, token)).arrayBuffer())).toEqual(pdf);

    // Past the JSON APIs' 64 KiB body limit: uploads have the site's own.
    const text = Buffer.from('line of a price list\n'.repeat(10_000));
    const big = await fetch(`${server.url}${agentUploadPath(message.conversationId)}?name=prices.txt&clientId=r2`, {
      method: 'POST',
      headers: { cookie: annCookie, origin: server.url, 'content-type': 'application/octet-stream' },
      body: text,
    });
    expect(big.status).toBe(201);
    expect((await json(big)).message.attachment).toMatchObject({ name: 'prices.txt', size: text.length, type: 'text/plain' });
  });
});

describe('metadata', () => {
  it('strips EXIF GPS from a JPEG, keeping its size for layout', async () => {
    const gps = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#884422' } })
      .jpeg()
      .withExif({ IFD0: { Make: 'Spy Camera' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '59/1 54/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '10/1 45/1 0/1' } })
      .toBuffer();
    expect((await sharp(gps).metadata()).exif).toBeDefined();
    const { token } = await visitor();
    const { message } = await json(await visitorUpload(token, 'me.jpeg', gps));
    expect(message.attachment).toMatchObject({ name: 'me.jpeg', type: 'image/jpeg', width: 64, height: 48 });
    const stored = Buffer.from(await (await visitorGet(message.attachment.id, token)).arrayBuffer());
    const meta = await sharp(stored).metadata();
    expect(meta.exif).toBeUndefined();
    expect(stored.includes(Buffer.from('Spy Camera'))).toBe(false);
  });
});

describe('limits and retries', () => {
  it('rate-limits uploads per visitor, refusing with a time to wait', async () => {
    site = await server.core.sites.update(site.key, { settings: { uploadsPerHour: 2 } });
    const { token } = await visitor();
    const image = await png();
    expect((await visitorUpload(token, '1.png', image)).status).toBe(201);
    expect((await visitorUpload(token, '2.png', image)).status).toBe(201);
    const third = await visitorUpload(token, '3.png', image);
    expect(third.status).toBe(429);
    expect(Number(third.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(uploads()).toHaveLength(2);
  });

  it('stores a retried upload (same client id) once, with one file', async () => {
    const { token, socket } = await visitor();
    const image = await png();
    const first = await visitorUpload(token, 'a.png', image, { clientId: 'same' });
    const again = await visitorUpload(token, 'a.png', image, { clientId: 'same' });
    expect([first.status, again.status]).toEqual([201, 200]);
    const [a, b] = [(await json(first)).message, (await json(again)).message];
    expect(b.id).toBe(a.id);
    expect(uploads()).toEqual([a.attachment.id]);
    // Every listener hears it as a message: the visitor's own socket too.
    const frame = await socket.next((f) => f.t === 'message' && f.message.id === a.id);
    expect(frame.message.attachment.id).toBe(a.attachment.id);
  });

  it('refuses a page the site does not allow, and a visitor without a token', async () => {
    const { token } = await visitor();
    const image = await png();
    expect((await visitorUpload(token, 'a.png', image, { origin: 'https://evil.example' })).status).toBe(403);
    expect((await visitorUpload(null, 'a.png', image)).status).toBe(401);
    expect(uploads()).toEqual([]);
  });
});
