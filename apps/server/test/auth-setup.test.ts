/** The one-time setup link creates exactly one admin, however many requests use it at once. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SETUP_TOKEN_KEY } from '../src/core/first-start.ts';
import { startTestServer, type TestServer } from './harness.ts';

let server: TestServer;
beforeEach(async () => {
  server = await startTestServer();
});
afterEach(() => server.destroy());

const setup = (body: unknown) =>
  fetch(`${server.url}/api/setup`, { method: 'POST', headers: { 'content-type': 'application/json', origin: new URL(server.url).origin }, body: JSON.stringify(body) });

describe('the setup link', () => {
  it('used by 5 concurrent requests creates one admin; the others hear it is used', async () => {
    const token = (await server.store.meta.get(SETUP_TOKEN_KEY))!;
    const responses = await Promise.all(Array.from({ length: 5 }, (_, i) => setup({ token, email: `boss${i}@shop.example`, name: `Boss ${i}`, password: 'long enough' })));
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 404, 404, 404, 404]);
    const refused = await Promise.all(responses.filter((r) => r.status === 404).map((r) => r.json()));
    for (const body of refused) expect(body).toMatchObject({ error: { code: 'setup_done' } });
    expect(await server.store.agents.count()).toBe(1);
    expect(await server.store.meta.get(SETUP_TOKEN_KEY)).toBeNull();
  });

  it('used by 5 concurrent requests in-process creates one admin', async () => {
    const token = (await server.store.meta.get(SETUP_TOKEN_KEY))!;
    const results = await Promise.allSettled(Array.from({ length: 5 }, (_, i) => server.core.auth.setup({ token, email: `boss${i}@shop.example`, name: 'Boss', password: 'long enough' })));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(await server.store.agents.count()).toBe(1);
  });

  it('refuses a token that differs in its last character or its length', async () => {
    const token = (await server.store.meta.get(SETUP_TOKEN_KEY))!;
    const near = token.slice(0, -1) + (token.endsWith('a') ? 'b' : 'a');
    for (const wrong of [near, token.slice(0, -1), `${token}x`, ' '.repeat(token.length)]) {
      expect((await setup({ token: wrong, email: 'x@shop.example', name: 'X', password: 'long enough' })).status).toBe(404);
      expect((await fetch(`${server.url}/api/setup?token=${encodeURIComponent(wrong)}`)).status).toBe(404);
    }
    expect(await server.store.agents.count()).toBe(0);
  });
});
