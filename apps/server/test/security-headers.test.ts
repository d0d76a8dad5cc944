/** Each kind of route carries the browser-side defences it needs, and no more than it can bear. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './harness.ts';

let server: TestServer;
let https: TestServer;
beforeAll(async () => {
  server = await startTestServer();
  https = await startTestServer(undefined, { PARLEY_PUBLIC_URL: 'https://chat.example.com' });
});
afterAll(async () => {
  await server.destroy();
  await https.destroy();
});

const get = (path: string, on = server) => fetch(`${on.url}${path}`, { redirect: 'manual' });

/** The CSP as a map of directive to its sources. */
function policy(res: Response): Map<string, string[]> {
  const header = res.headers.get('content-security-policy') ?? '';
  return new Map(header.split(';').map((part) => part.trim().split(/\s+/)).map(([name, ...sources]) => [name!, sources]));
}

describe('security headers', () => {
  it.each(['/console/', '/console/conversations/abc', '/console/assets/missing.js'])('%s: a strict CSP, never framed, no referrer', async (path) => {
    const res = await get(path);
    const csp = policy(res);
    expect(csp.get('default-src')).toEqual(["'self'"]);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('style-src')).toEqual(["'self'"]);
    const { port } = new URL(server.url);
    expect(csp.get('connect-src')).toEqual(["'self'", 'ws://localhost:3999', `ws://127.0.0.1:${port}`]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'none'"]);
    expect(csp.get('form-action')).toEqual(["'self'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(res.headers.get('content-security-policy')).not.toMatch(/unsafe-inline|unsafe-eval/);
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('strict-transport-security')).toBeNull();
  });

  it.each(['/widget.js', '/widget/panel-missing.js'])('%s: public code any site may load as a module, not sniffed', async (path) => {
    const res = await get(path);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBeNull();
  });

  it('the demo page keeps its inline style and the widget script: no CSP, not sniffed', async () => {
    const res = await get('/demo');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toBeNull();
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
  });

  it.each(['/api/me', '/healthz', '/u/not-a-token', '/c/not-a-token', '/nothing-here'])('%s: no script at all, never framed', async (path) => {
    const res = await get(path);
    const csp = policy(res);
    expect(csp.get('default-src')).toEqual(["'none'"]);
    expect(csp.get('script-src')).toBeUndefined();
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
  });

  it('refusals carry the headers too', async () => {
    const res = await fetch(`${server.url}/api/login`, { method: 'POST', headers: { origin: 'https://evil.example' } });
    expect(res.status).toBe(403);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(policy(res).get('frame-ancestors')).toEqual(["'none'"]);
  });

  it('HSTS only when the public URL is https, where the console may open wss:// to it', async () => {
    for (const path of ['/console/', '/widget.js', '/demo', '/api/me']) {
      expect((await get(path, https)).headers.get('strict-transport-security'), path).toBe('max-age=31536000');
      expect((await get(path)).headers.get('strict-transport-security'), path).toBeNull();
    }
    expect(policy(await get('/console/', https)).get('connect-src')).toContain('wss://chat.example.com');
  });
});
