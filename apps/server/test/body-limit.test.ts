/** Oversized request bodies are refused before they are buffered, whether or not they say their size. */
import { request } from 'node:http';
import { MAX_BODY_BYTES } from '@parley/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postJson, startTestServer, type TestServer } from './harness.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.destroy());

const HUGE = 300 * 1024 * 1024;
const CHUNK = Buffer.alloc(64 * 1024, 'a');

/**
 * Streams up to `total` bytes of a login body until the server answers, writing only as fast as
 * the server reads. Resolves with the status, the JSON answer and how much was written by then.
 */
function streamLogin(total: number, headers: Record<string, string | number>) {
  return new Promise<{ status: number; body: any; written: number; connection: string | undefined }>((resolve, reject) => {
    let written = 0;
    let answered = false;
    const req = request(`${server.url}/api/login`, { method: 'POST', headers: { origin: server.url, 'content-type': 'application/json', ...headers } }, (res) => {
      answered = true;
      let text = '';
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(text), written, connection: res.headers.connection }));
    });
    // The server may cut the connection once it has answered; what matters is the answer.
    req.on('error', (error) => (answered ? undefined : reject(error)));
    const pump = () => {
      while (!answered && written < total) {
        written += CHUNK.length;
        if (!req.write(CHUNK)) return void req.once('drain', pump);
      }
      if (!answered) req.end();
    };
    req.write('{"email":"a@b.example","password":"');
    pump();
  });
}

describe('request body limit', () => {
  it('refuses a 300 MB sign-in by its Content-Length, before reading it', async () => {
    const rssBefore = process.memoryUsage().rss;
    const res = await streamLogin(HUGE, { 'content-length': HUGE });
    expect(res.status).toBe(413);
    expect(res.body).toEqual({ error: { code: 'payload_too_large', message: 'Request bodies are limited to 64 KiB.' } });
    // The unread body makes the connection unusable: a client must not send its next request on it.
    expect(res.connection).toBe('close');
    expect(res.written).toBeLessThan(HUGE / 10);
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(64 * 1024 * 1024);
  });

  it('refuses a 300 MB chunked sign-in without Content-Length once past the limit, not after', async () => {
    const rssBefore = process.memoryUsage().rss;
    const res = await streamLogin(HUGE, { 'transfer-encoding': 'chunked' });
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('payload_too_large');
    expect(res.written).toBeLessThan(HUGE / 10);
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(64 * 1024 * 1024);
  });

  it('still reads a body just under the limit', async () => {
    const password = 'x'.repeat(MAX_BODY_BYTES - 100);
    const res = await postJson(server, '/api/login', { email: 'nobody@shop.example', password });
    expect(res.status).not.toBe(413);
  });
});
