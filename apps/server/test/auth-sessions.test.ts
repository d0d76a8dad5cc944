/**
 * Sessions end everywhere at once: signing out, disabling an agent, changing their password or
 * role cuts every session and every live console socket of theirs, within 5 s even when the CLI
 * (another process, no shared bus) does it.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { CLOSE } from '@parley/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../src/core/auth/password.ts';
import { agentSocket, signIn, startTestServer, type TestServer } from './harness.ts';

const run = promisify(execFile);
const SERVER = new URL('..', import.meta.url).pathname;
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
  await server.store.agents.create({ email: 'boss@shop.example', name: 'Boss', role: 'admin', passwordHash: await hashPassword('boss password') });
});
afterAll(() => server.destroy());

/** `pnpm parley …` as the operator runs it (each start takes seconds on a busy machine: those tests get long timeouts): a separate process on the server's data dir. */
async function parley(...args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], { cwd: SERVER, env: { ...process.env, PARLEY_DATA_DIR: server.dataDir } });
    return { code: 0, stdout: stdout.trim(), stderr: stderr.trim() };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout.trim(), stderr: e.stderr.trim() };
  }
}

let n = 0;
async function newAgent(role: 'admin' | 'agent' = 'agent') {
  const email = `agent${++n}@shop.example`;
  const agent = await server.store.agents.create({ email, name: `Agent ${n}`, role, passwordHash: await hashPassword('old password') });
  return { agent, email };
}

/** A signed-in console: its cookie and its live socket, past its first list. */
async function console_(email: string, password = 'old password') {
  const cookie = await signIn(server, email, password);
  const socket = await agentSocket(server, cookie);
  await socket.next((f) => f.t === 'conversations');
  return { cookie, socket };
}

const me = (cookie: string) => fetch(`${server.url}/api/me`, { headers: { cookie } }).then((r) => r.status);
const api = (method: string, path: string, cookie: string, body?: unknown) =>
  fetch(`${server.url}${path}`, { method, headers: { cookie, 'content-type': 'application/json', origin: new URL(server.url).origin }, body: body === undefined ? undefined : JSON.stringify(body) });

async function closedWithin(socket: Awaited<ReturnType<typeof console_>>['socket'], ms: number) {
  const started = Date.now();
  const closed = await socket.waitClosed(ms);
  return { code: closed?.code, ms: Date.now() - started };
}

describe('ending sessions', () => {
  it('signing out over HTTP ends that session and its socket, and no other', async () => {
    const { email } = await newAgent();
    const one = await console_(email);
    const two = await console_(email);
    await api('POST', '/api/logout', one.cookie, {});
    expect((await closedWithin(one.socket, 2000)).code).toBe(CLOSE.unauthorized);
    expect(await me(one.cookie)).toBe(401);
    expect(await me(two.cookie)).toBe(200);
    expect(two.socket.closed).toBeNull();
    two.socket.close();
  });

  it('`agent disable` in another process cuts every session and socket within 5 s; the agent cannot sign in until enabled', async () => {
    const { email } = await newAgent();
    const tabs = await Promise.all([console_(email), console_(email)]);
    const disabled = await parley('agent', 'disable', email);
    expect(disabled).toMatchObject({ code: 0 });
    expect(disabled.stdout).toMatch(/\tdisabled$/);
    for (const tab of tabs) {
      const { code, ms } = await closedWithin(tab.socket, 5000);
      expect(code).toBe(CLOSE.unauthorized);
      expect(ms).toBeLessThan(5000);
      expect(await me(tab.cookie)).toBe(401);
    }
    // A disabled agent reads like a wrong password: nothing says the password was right.
    const refused = await fetch(`${server.url}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json', origin: new URL(server.url).origin }, body: JSON.stringify({ email, password: 'old password' }) });
    expect(refused.status).toBe(401);
    expect(await refused.json()).toEqual({ error: { code: 'bad_credentials', message: 'Wrong email or password.' } });
    expect((await parley('agent', 'list')).stdout).toContain(`${email}\t`);
    expect(await parley('agent', 'enable', email)).toMatchObject({ code: 0 });
    (await console_(email)).socket.close();
    expect((await parley('agent', 'disable', 'nobody@shop.example')).code).toBe(1);
  }, 60_000);

  it('`agent set --password` ends every session and the new password signs in; `--role` reopens the consoles with the new rights', async () => {
    const { email } = await newAgent('admin');
    const tab = await console_(email);
    expect(await parley('agent', 'set', email, '--password', 'new password')).toMatchObject({ code: 0 });
    expect((await closedWithin(tab.socket, 5000)).code).toBe(CLOSE.unauthorized);
    await expect(signIn(server, email, 'old password')).rejects.toThrow(/401/);
    const admin = await console_(email, 'new password');
    expect(await parley('agent', 'set', email, '--role', 'agent')).toMatchObject({ code: 0 });
    expect((await closedWithin(admin.socket, 5000)).code).toBe(CLOSE.rightsChanged);
    expect(await me(admin.cookie)).toBe(200);
    expect((await server.store.agents.byEmail(email))?.role).toBe('agent');
    expect((await parley('agent', 'set', email, '--role', 'owner')).code).toBe(2);
    expect((await parley('agent', 'set', email, '--password', 'short')).code).toBe(2);
  }, 60_000);

  it('a password changed while a sign-in with the old one is being checked gives that sign-in no session', async () => {
    const { agent, email } = await newAgent();
    const newHash = await hashPassword('new password');
    const signingIn = server.core.auth.signIn({ email, password: 'old password', address: '192.0.2.44' }).then(() => 'session', (error: Error) => error.message);
    // The old hash is read by now, and its scrypt check runs for tens of milliseconds: the
    // change (as agents.change stores it) lands in between.
    await new Promise((resolve) => setTimeout(resolve, 5));
    await server.store.transaction(async (tx) => {
      await tx.agents.setPasswordHash(agent.id, newHash);
      await tx.sessions.deleteOfAgent(agent.id);
    });
    expect(await signingIn).toBe('Wrong email or password.');
    await expect(signIn(server, email, 'new password')).resolves.toMatch(/^parley_session=/);
  });

  it('an admin disabling an agent in the console cuts their socket at once', async () => {
    const { agent, email } = await newAgent();
    const tab = await console_(email);
    const boss = await signIn(server, 'boss@shop.example', 'boss password');
    const res = await api('PATCH', `/api/agents/${agent.id}`, boss, { disabled: true });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { agent: unknown }).agent).toMatchObject({ email, disabled: true });
    // This node heard it itself: no poll to wait for.
    expect((await closedWithin(tab.socket, 500)).code).toBe(CLOSE.unauthorized);
    const list = (await (await api('GET', '/api/agents', boss)).json()) as { agents: { email: string; disabled: boolean }[] };
    expect(list.agents.find((a) => a.email === email)?.disabled).toBe(true);
    expect((await api('PATCH', `/api/agents/${agent.id}`, boss, { disabled: false })).status).toBe(200);
    (await console_(email)).socket.close();
  });

  it('keeps one enabled admin, and an admin cannot disable themselves', async () => {
    const boss = await signIn(server, 'boss@shop.example', 'boss password');
    const bossId = (await server.store.agents.byEmail('boss@shop.example'))!.id;
    expect((await api('PATCH', `/api/agents/${bossId}`, boss, { disabled: true })).status).toBe(403);
    const admins = (await server.store.agents.list()).filter((a) => a.role === 'admin' && a.disabledAt === null && a.id !== bossId);
    for (const other of admins) await server.core.agents.change(other.id, { disabled: true });
    const last = await parley('agent', 'disable', 'boss@shop.example');
    expect(last).toMatchObject({ code: 1, stderr: expect.stringMatching(/at least one enabled admin/) });
    expect(await me(boss)).toBe(200);
    expect((await api('PATCH', '/api/agents/nope', boss, { disabled: true })).status).toBe(404);
  }, 30_000);
});
