/** A malformed session cookie is no session: a plain 401 (or a closed socket), never a 500, wherever it arrives. */
import { connect } from 'node:net';
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

  it('a signed-out cookie that matches no session wakes no socket (no re-check storm from anyone)', async () => {
    const epoch = await server.store.meta.get('auth.revocation_epoch');
    for (const cookie of [...MALFORMED, 'parley_session=never-issued']) {
      await fetch(`${server.url}/api/logout`, { method: 'POST', headers: { cookie, 'content-type': 'application/json', origin: new URL(server.url).origin }, body: '{}' });
    }
    expect(await server.store.meta.get('auth.revocation_epoch')).toBe(epoch);
  });

  it('raw bytes that are no UTF-8 are a plain 401 too', async () => {
    const { port } = new URL(server.url);
    const head = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1', () => {
        socket.write(Buffer.concat([Buffer.from('GET /api/me HTTP/1.1\r\nHost: x\r\nConnection: close\r\nCookie: parley_session='), Buffer.from([0xff, 0xfe, 0x25, 0xe0]), Buffer.from('\r\n\r\n')]));
      });
      let data = '';
      socket.on('data', (chunk) => (data += chunk.toString('latin1')));
      socket.on('end', () => resolve(data));
      socket.on('error', reject);
    });
    expect(head).toMatch(/^HTTP\/1\.1 401/);
  });

  it.each(MALFORMED)('%s closes the agent socket as unauthorized', async (cookie) => {
    const socket = await TestSocket.open(`${server.url.replace('http', 'ws')}/ws/agent`, { cookie, origin: `http://${new URL(server.url).host}` });
    expect((await socket.waitClosed())?.code).toBe(CLOSE.unauthorized);
  });
});
