/**
 * Sign-in limits that hold under concurrency: every attempt is counted before its password is
 * checked, per account at an address, per account from anywhere, and per address across accounts.
 * And no enumeration: an unknown email reads and times like a wrong password.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashPassword } from '../src/core/auth/password.ts';
import { AppError } from '../src/core/errors.ts';
import { startTestServer, type TestServer } from './harness.ts';

let server: TestServer;
beforeEach(async () => {
  server = await startTestServer();
});
afterEach(() => server.destroy());

const post = (path: string, body: unknown) =>
  fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', origin: new URL(server.url).origin }, body: JSON.stringify(body) });

/** What a sign-in came to: a session, or the error code and message. */
async function attempt(email: string, password: string, address: string | null) {
  try {
    await server.core.auth.signIn({ email, password, address });
    return 'session';
  } catch (error) {
    if (error instanceof AppError) return `${error.code}: ${error.message.replace(/\d+ min/, 'N min')}`;
    throw error;
  }
}

async function addAgent(email: string, password = 'right password', passwordHash?: string) {
  return server.store.agents.create({ email, name: email, role: 'agent', passwordHash: passwordHash ?? (await hashPassword(password)) });
}

describe('sign-in limits under concurrency', () => {
  it('a burst of 199 wrong guesses and the right one, all at once, gets no session', async () => {
    await addAgent('ann@shop.example');
    const guesses = [...Array.from({ length: 199 }, (_, i) => `guess ${i}`), 'right password'];
    // Started in one turn: none has recorded its failure when the others are checked.
    const results = await Promise.all(guesses.map((password) => attempt('ann@shop.example', password, '203.0.113.7')));
    expect(results.filter((r) => r === 'session')).toEqual([]);
    expect(results.filter((r) => r.startsWith('bad_credentials'))).toHaveLength(10);
    expect(results.filter((r) => r.startsWith('too_many_attempts'))).toHaveLength(190);
    expect(await attempt('ann@shop.example', 'right password', '203.0.113.7')).toMatch(/^too_many_attempts/);
  });

  it('over HTTP, exactly the limit of 200 concurrent wrong guesses reaches the password check', async () => {
    await addAgent('ann@shop.example');
    const statuses = await Promise.all(Array.from({ length: 200 }, (_, i) => post('/api/login', { email: 'ann@shop.example', password: `guess ${i}` }).then((r) => r.status)));
    expect(statuses.filter((s) => s === 401)).toHaveLength(10);
    expect(statuses.filter((s) => s === 429)).toHaveLength(190);
    expect((await post('/api/login', { email: 'ann@shop.example', password: 'right password' })).status).toBe(429);
  });

  it('rotating addresses buys only a bounded number of guesses at one account', async () => {
    await addAgent('ann@shop.example');
    const results = await Promise.all(Array.from({ length: 120 }, (_, i) => attempt('ann@shop.example', `guess ${i}`, `198.51.100.${i}`)));
    expect(results.filter((r) => r.startsWith('bad_credentials'))).toHaveLength(50);
    expect(await attempt('ann@shop.example', 'right password', '192.0.2.1')).toMatch(/^too_many_attempts/);
  });

  it('password spraying from one address (many accounts, one guess each) meets a limit', async () => {
    const passwordHash = await hashPassword('right password');
    for (let i = 0; i < 40; i++) await addAgent(`agent${i}@shop.example`, undefined, passwordHash);
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => attempt(`agent${i}@shop.example`, 'Summer2026!', '203.0.113.9')));
    expect(results.filter((r) => r.startsWith('bad_credentials'))).toHaveLength(30);
    expect(results.filter((r) => r.startsWith('too_many_attempts'))).toHaveLength(10);
    // Another address is not held back by it.
    expect(await attempt('agent39@shop.example', 'right password', '203.0.113.10')).toBe('session');
  });

  it('successful sign-ins use up no one’s allowance', async () => {
    await addAgent('ann@shop.example');
    for (let i = 0; i < 52; i++) expect(await attempt('ann@shop.example', 'right password', '203.0.113.7')).toBe('session');
  });
});

describe('no user enumeration', () => {
  it('an unknown email and a wrong password get the same status and message', async () => {
    await addAgent('ann@shop.example');
    const unknown = await post('/api/login', { email: 'nobody@shop.example', password: 'guess' });
    const wrong = await post('/api/login', { email: 'ann@shop.example', password: 'guess' });
    expect(unknown.status).toBe(wrong.status);
    expect(await unknown.json()).toEqual(await wrong.json());
    expect(await attempt('nobody@shop.example', 'guess', '192.0.2.5')).toBe(await attempt('ann@shop.example', 'guess', '192.0.2.6'));
  });

  it('an unknown email takes about as long as a wrong password', async () => {
    await addAgent('ann@shop.example');
    const time = async (email: string, address: string) => {
      const started = performance.now();
      await attempt(email, 'guess', address);
      return performance.now() - started;
    };
    const known: number[] = [];
    const unknown: number[] = [];
    // Interleaved, so load on the machine falls on both alike.
    for (let i = 0; i < 15; i++) {
      known.push(await time('ann@shop.example', `192.0.2.${i}`));
      unknown.push(await time(`nobody${i}@shop.example`, `192.0.2.${100 + i}`));
    }
    const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const [k, u] = [median(known), median(unknown)];
    // Both verify one scrypt hash (tens of ms); skipping it for unknown emails would make u near 0.
    expect(Math.abs(k - u)).toBeLessThan(Math.max(k, u) * 0.35);
  });
});
