/**
 * Templates over HTTP, as the console's Settings and reply box use them: every agent lists the
 * shared ones and their own; only admins change shared ones; nobody sees or changes another's own.
 * Call links: one room per conversation, every invitation naming it; a bad callLink refused by `site set`.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agent, Site } from '../src/ports/store.ts';
import { agentSocket, helloVisitor, signIn, startTestServer, type TestServer, type TestSocket } from './harness.ts';

let server: TestServer;
let site: Site;
const agents: Record<string, Agent> = {};
const cookies: Record<string, string> = {};
const sockets: TestSocket[] = [];

beforeAll(async () => {
  server = await startTestServer();
  const { core } = server;
  site = await core.sites.update((await core.sites.create({ name: 'Shoes', origins: ['https://shoes.example'] })).key, { settings: { newConversations: 0 } });
  for (const [name, role] of [
    ['ada', 'admin'],
    ['bob', 'agent'],
    ['cat', 'agent'],
  ] as const) {
    agents[name] = await core.agents.add({ email: `${name}@shop.example`, name, role, teams: [], password: 'password1' });
    cookies[name] = await signIn(server, `${name}@shop.example`, 'password1');
  }
});
afterAll(async () => {
  for (const socket of sockets.splice(0)) socket.close();
  await server.destroy();
});

const api = (method: string, path: string, as: string, body?: unknown) =>
  fetch(`${server.url}${path}`, { method, headers: { cookie: cookies[as]!, 'content-type': 'application/json', origin: new URL(server.url).origin }, body: body === undefined ? undefined : JSON.stringify(body) });
const json = async (res: Response) => (await res.json()) as any;
const add = async (as: string, body: unknown) => {
  const res = await api('POST', '/api/templates', as, body);
  expect(res.status, JSON.stringify(await res.clone().json())).toBe(201);
  return (await json(res)).template as { id: string; shortcut: string; shared: boolean };
};
const shortcuts = async (as: string) => (await json(await api('GET', '/api/templates', as))).templates.map((t: { shortcut: string; shared: boolean }) => `${t.shortcut}${t.shared ? '' : '*'}`);

describe('templates', () => {
  it("lists the shared templates and the agent's own to each agent, another agent's to nobody", async () => {
    await add('ada', { shortcut: 'Shipping', body: 'Hi {visitor.name|there}, we ship in 2 days.', shared: true });
    await add('bob', { shortcut: 'shipping', body: 'Bob ships: {agent.name}' });
    await add('cat', { shortcut: 'hello', body: 'Hello!' });
    expect(await shortcuts('bob')).toEqual(['shipping', 'shipping*']);
    expect(await shortcuts('cat')).toEqual(['hello*', 'shipping']);
    expect(await shortcuts('ada')).toEqual(['shipping']);
    const res = await fetch(`${server.url}/api/templates`);
    expect(res.status).toBe(401);
  });

  it('lets only admins add, change or delete a shared template', async () => {
    const refused = await api('POST', '/api/templates', 'bob', { shortcut: 'returns', body: 'Free returns.', shared: true });
    expect(refused.status).toBe(403);
    expect((await json(refused)).error.code).toBe('not_allowed');
    const shared = await add('ada', { shortcut: 'returns', body: 'Free returns.', shared: true });
    expect((await api('PATCH', `/api/templates/${shared.id}`, 'bob', { body: 'Mine now' })).status).toBe(403);
    expect((await api('DELETE', `/api/templates/${shared.id}`, 'bob')).status).toBe(403);
    const changed = await api('PATCH', `/api/templates/${shared.id}`, 'ada', { body: 'Returns are free for 30 days.' });
    expect((await json(changed)).template).toMatchObject({ shortcut: 'returns', body: 'Returns are free for 30 days.', shared: true });
    expect((await api('DELETE', `/api/templates/${shared.id}`, 'ada')).status).toBe(204);
    expect(await shortcuts('bob')).not.toContain('returns');
  });

  it("treats another agent's own template as not there, for admins too", async () => {
    const own = await add('bob', { shortcut: 'mine', body: 'Only Bob' });
    for (const as of ['cat', 'ada']) {
      expect((await api('PATCH', `/api/templates/${own.id}`, as, { body: 'taken' })).status).toBe(404);
      expect((await api('DELETE', `/api/templates/${own.id}`, as)).status).toBe(404);
    }
    const changed = await json(await api('PATCH', `/api/templates/${own.id}`, 'bob', { shortcut: 'bobs', body: 'Still Bob' }));
    expect(changed.template).toMatchObject({ shortcut: 'bobs', body: 'Still Bob', shared: false });
    expect((await api('DELETE', `/api/templates/${own.id}`, 'bob')).status).toBe(204);
    expect((await api('DELETE', `/api/templates/${own.id}`, 'bob')).status).toBe(404);
  });

  it('refuses a shortcut its scope has, and bodies that are not a template', async () => {
    const clash = await api('POST', '/api/templates', 'bob', { shortcut: 'SHIPPING', body: 'again' });
    expect(clash.status).toBe(409);
    for (const body of [{ shortcut: 'two words', body: 'x' }, { shortcut: 'ok', body: '   ' }, { shortcut: '', body: 'x' }, { shortcut: 'ok', body: 'x'.repeat(4001) }]) {
      expect((await api('POST', '/api/templates', 'bob', body)).status, JSON.stringify(body).slice(0, 40)).toBe(400);
    }
    const own = await add('bob', { shortcut: 'spare', body: 'x' });
    expect((await api('PATCH', `/api/templates/${own.id}`, 'bob', {})).status).toBe(400);
    expect((await api('PATCH', `/api/templates/${own.id}`, 'bob', { shortcut: 'shipping' })).status).toBe(409);
  });
});

describe('call links', () => {
  const visitorWrites = async () => {
    const { socket } = await helloVisitor(server, site);
    sockets.push(socket);
    socket.send({ t: 'send', clientId: 'v1', text: 'Can we talk?' });
    const ack = await socket.next((f) => f.t === 'ack');
    return { socket, conversationId: ack.conversationId as string };
  };
  const invite = async (conversationId: string, clientId: string, as = 'bob') => api('POST', `/api/conversations/${conversationId}/call`, as, { clientId });

  it('names the same room in every invitation of a conversation, another in another conversation', async () => {
    const { socket, conversationId } = await visitorWrites();
    const first = (await json(await invite(conversationId, 'call-1'))).message;
    expect(first).toMatchObject({ author: 'agent', authorName: 'bob', call: { url: expect.stringMatching(/^https:\/\/meet\.jit\.si\/parley-[0-9a-f]{20}$/) } });
    expect(first.text).toBe(`bob invites you to a video call: ${first.call.url}`);
    const heard = await socket.next((f) => f.t === 'message' && f.message.id === first.id);
    expect(heard.message.call).toEqual(first.call);
    const second = (await json(await invite(conversationId, 'call-2', 'cat'))).message;
    expect(second.call).toEqual(first.call);
    expect(second.id).not.toBe(first.id);
    const retried = (await json(await invite(conversationId, 'call-2', 'cat'))).message;
    expect(retried.id).toBe(second.id);
    const history = await server.core.conversations.history(agents.ada!, conversationId, 0);
    expect(history.messages.filter((m) => m.call).map((m) => m.call!.url)).toEqual([first.call.url, first.call.url]);
    expect(history.messages.find((m) => m.text === 'Can we talk?')).not.toHaveProperty('call');

    const other = await visitorWrites();
    const elsewhere = (await json(await invite(other.conversationId, 'call-1'))).message;
    expect(elsewhere.call.url).not.toBe(first.call.url);
  });

  it('comes only from the server: a send frame naming a call is an ordinary message', async () => {
    const { conversationId } = await visitorWrites();
    const socket = await agentSocket(server, cookies.bob!);
    sockets.push(socket);
    socket.send({ t: 'send', conversationId, clientId: 'forged', text: 'Join here', call: { url: 'javascript:alert(1)' } });
    await socket.next((f) => f.t === 'ack' && f.clientId === 'forged');
    const history = await server.core.conversations.history(agents.bob!, conversationId, 0);
    expect(history.messages.find((m) => m.clientId === 'forged')).not.toHaveProperty('call');
  });

  it("uses the site's callLink, and refuses a conversation the agent may not see", async () => {
    await server.core.sites.update(site.key, { settings: { ...site.settings, callLink: 'https://video.shoes.example/rooms/{room}?lang=en' } });
    const { conversationId } = await visitorWrites();
    const message = (await json(await invite(conversationId, 'call-3'))).message;
    expect(message.call.url).toMatch(/^https:\/\/video\.shoes\.example\/rooms\/[0-9a-f]{20}\?lang=en$/);
    expect((await invite('nope', 'call-4')).status).toBe(404);
    expect((await invite(conversationId, '')).status).toBe(400);
  });

  it('is refused by `site set` unless https with {room}', { timeout: 60_000 }, async () => {
    const SERVER = new URL('..', import.meta.url).pathname;
    const parley = (...args: string[]) =>
      promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], { cwd: SERVER, env: { ...process.env, PARLEY_DATA_DIR: server.dataDir, PARLEY_PUBLIC_URL: 'https://chat.example.com' } }).then(
        () => ({ code: 0, stderr: '' }),
        (error: { code: number; stderr: string }) => ({ code: error.code, stderr: error.stderr }),
      );
    const before = (await server.store.sites.byKey(site.key))!.settings.callLink;
    const results = await Promise.all([parley('site', 'set', site.key, 'callLink=http://meet.example/{room}'), parley('site', 'set', site.key, 'callLink=https://meet.example/fixed')]);
    expect(results[0]).toMatchObject({ code: 2, stderr: expect.stringContaining('https') });
    expect(results[1]).toMatchObject({ code: 2, stderr: expect.stringContaining('{room}') });
    expect((await server.store.sites.byKey(site.key))!.settings.callLink).toBe(before);
  });
});
