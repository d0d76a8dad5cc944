import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashPassword } from '../src/core/auth/password.ts';
import { siteAvailable } from '../src/core/sites.ts';
import { isOpen, parseHours, parseSiteSettings, readSetting } from '@parley/protocol';
import type { Site } from '../src/ports/store.ts';
import { agentSocket, helloVisitor, signIn, startTestServer, type TestServer } from './harness.ts';

let server: TestServer;
let site: Site;
beforeEach(async () => {
  server = await startTestServer();
  site = await server.store.sites.create({ name: 'Shop', origins: ['https://shop.example'] });
});
afterEach(() => server.destroy());

const addAgent = async (email: string, team = '') => {
  const agent = await server.store.agents.create({ email, name: email.split('@')[0]!, role: 'agent', passwordHash: await hashPassword('password1') });
  return team ? server.store.agents.update(agent.id, { teams: [team] }) : agent;
};

describe('business hours', () => {
  it('reads schedules and says what is wrong with a bad one', () => {
    expect(parseHours('mon-fri 09:00-17:00, sat 10:00-14:00')).toMatchObject({ ok: true });
    expect(parseHours('fri-mon 09:00-17:00').ok && (parseHours('fri-mon 09:00-17:00') as any).spans.map((s: any) => s.day)).toEqual([5, 6, 0, 1]);
    expect(parseHours('weekdays 9-5')).toMatchObject({ ok: false });
    expect(readSetting('hours=mon 18:00-09:00')).toMatchObject({ ok: false });
    expect(readSetting('timezone=Mars/Olympus')).toEqual({ ok: false, message: 'timezone: an IANA time zone such as Europe/Oslo' });
  });

  it('is open inside the hours in the site time zone only', () => {
    // Monday 2026-11-23 08:30 UTC is 09:30 in Oslo (UTC+1).
    const monday0830Utc = Date.UTC(2026, 10, 23, 8, 30);
    expect(isOpen('mon-fri 09:00-17:00', 'Europe/Oslo', monday0830Utc)).toBe(true);
    expect(isOpen('mon-fri 09:00-17:00', 'UTC', monday0830Utc)).toBe(false);
    expect(isOpen('sat-sun 00:00-24:00', 'UTC', monday0830Utc)).toBe(false);
    expect(isOpen('', 'UTC', monday0830Utc)).toBe(true);
  });
});

describe('site availability', () => {
  it('needs chat on, open hours and an available agent of the team with a console open', async () => {
    const ann = await addAgent('ann@shop.example', 'sales');
    const now = Date.now();
    const on = new Set([ann.id]);
    const with_ = (settings: Record<string, unknown>) => ({ ...site, settings: parseSiteSettings(settings) });
    expect(siteAvailable(with_({}), [], on, now)).toBe(false);
    expect(siteAvailable(with_({}), [ann], on, now)).toBe(true);
    expect(siteAvailable(with_({ chat: false }), [ann], on, now)).toBe(false);
    expect(siteAvailable(with_({ team: 'support' }), [ann], on, now)).toBe(false);
    expect(siteAvailable(with_({ team: 'sales' }), [ann], on, now)).toBe(true);
    expect(siteAvailable(with_({}), [{ ...ann, status: 'away' }], on, now)).toBe(false);
    // Never signed in: answers no one. Closed the console a minute ago with a 15-minute away delay: still counts.
    expect(siteAvailable(with_({}), [ann], new Set(), now)).toBe(false);
    expect(siteAvailable(with_({}), [{ ...ann, lastSeenAt: now - 60_000 }], new Set(), now)).toBe(true);
    expect(siteAvailable(with_({}), [{ ...ann, lastSeenAt: now - 16 * 60_000 }], new Set(), now)).toBe(false);
  });

  it('does not promise a reply for an agent who was added but never signed in', async () => {
    await addAgent('ann@shop.example');
    const { socket, welcome } = await helloVisitor(server, site);
    expect(welcome.available).toBe(false);
    const agent = await agentSocket(server, await signIn(server, 'ann@shop.example', 'password1'));
    expect(await socket.next((f) => f.t === 'availability')).toEqual({ t: 'availability', available: true, backAt: null });
    agent.close();
    socket.close();
  });

  it('follows agents setting themselves away, live, and keeps their choice', async () => {
    await addAgent('ann@shop.example');
    const agent = await agentSocket(server, await signIn(server, 'ann@shop.example', 'password1'));
    expect((await agent.next((f) => f.t === 'me')).agent.status).toBe('available');
    await agent.next((f) => f.t === 'agents' && f.items[0].online);
    const { socket, welcome } = await helloVisitor(server, site);
    expect(welcome.available).toBe(true);
    agent.send({ t: 'me', status: 'away' });
    expect(await socket.next((f) => f.t === 'availability')).toEqual({ t: 'availability', available: false, backAt: null });
    expect((await agent.next((f) => f.t === 'me' && f.agent.status === 'away')).agent.status).toBe('away');
    expect((await agent.next((f) => f.t === 'agents' && f.items[0].status === 'away')).items[0]).toMatchObject({ online: true });
    agent.close();
    const again = await agentSocket(server, await signIn(server, 'ann@shop.example', 'password1'));
    expect((await again.next((f) => f.t === 'me')).agent.status).toBe('away');
    again.close();
    socket.close();
  });

  it('turns an agent away after their delay with no console open', async () => {
    const ann = await addAgent('ann@shop.example');
    await server.store.agents.update(ann.id, { awayAfter: 1 });
    const agent = await agentSocket(server, await signIn(server, 'ann@shop.example', 'password1'));
    await agent.next((f) => f.t === 'me');
    const { socket } = await helloVisitor(server, site);
    agent.close();
    expect(await socket.next((f) => f.t === 'availability' && !f.available, 4000)).toEqual({ t: 'availability', available: false, backAt: null });
    expect((await server.store.agents.list())[0]?.status).toBe('away');
    socket.close();
  });
});

describe('when no one can answer', () => {
  it('marks the conversation missed and answers once with the auto-reply; an agent reply follows it up', async () => {
    const { socket } = await helloVisitor(server, site);
    socket.send({ t: 'send', clientId: 'a', text: 'Anyone there?' });
    const away = await socket.next((f) => f.t === 'message' && f.message.author === 'system');
    expect(away.message).toMatchObject({ event: 'autoReply', params: { text: null } });
    socket.send({ t: 'send', clientId: 'b', text: 'Hello?' });
    await socket.next((f) => f.t === 'ack' && f.clientId === 'b');
    expect(socket.frames.filter((f) => f.t === 'message' && f.message.author === 'system')).toHaveLength(1);
    expect((await server.store.conversations.byId(away.message.conversationId))?.missed).toBe(true);

    await addAgent('ann@shop.example');
    const agent = await agentSocket(server, await signIn(server, 'ann@shop.example', 'password1'));
    agent.send({ t: 'send', conversationId: away.message.conversationId, clientId: 'r', text: 'Sorry, here now' });
    await agent.next((f) => f.t === 'conversation' && f.item.missed === false);
    agent.close();
    socket.close();
  });
});

describe('agent-initiated conversations', () => {
  it('lets an agent write first to a visitor on the site; the widget receives it', async () => {
    await addAgent('ann@shop.example');
    const { socket, welcome } = await helloVisitor(server, site);
    const agent = await agentSocket(server, await signIn(server, 'ann@shop.example', 'password1'));
    await agent.next((f) => f.t === 'visitors');
    agent.send({ t: 'start', visitorId: welcome.visitorId, clientId: 's1', text: 'Need help finding a mug?' });
    expect((await socket.next((f) => f.t === 'message')).message).toMatchObject({ author: 'system', seq: 1, event: 'joined', authorName: 'ann' });
    expect((await socket.next((f) => f.t === 'message' && f.message.seq === 2)).message).toMatchObject({ author: 'agent', text: 'Need help finding a mug?' });
    const item = (await agent.next((f) => f.t === 'conversation')).item;
    expect(item.agents.map((a: any) => a.name)).toEqual(['ann']);
    expect(item.visitor.online).toBe(true);
    agent.send({ t: 'start', visitorId: 'nobody', clientId: 's2', text: 'hi' });
    expect(await agent.next((f) => f.t === 'error' && f.clientId === 's2')).toMatchObject({ code: 'not_found' });
    agent.close();
    socket.close();
  });

  it('lets an agent edit the customer details; the widget learns the email', async () => {
    await addAgent('ann@shop.example');
    const { socket, welcome } = await helloVisitor(server, site);
    const agent = await agentSocket(server, await signIn(server, 'ann@shop.example', 'password1'));
    agent.send({ t: 'visitor', visitorId: welcome.visitorId, name: 'Ada', email: 'ada@example.com', phone: '' });
    expect((await agent.next((f) => f.t === 'visitor' && f.item.name === 'Ada')).item).toMatchObject({ email: 'ada@example.com', phone: null, displayName: 'Ada' });
    expect(await socket.next((f) => f.t === 'profile')).toEqual({ t: 'profile', name: 'Ada', email: 'ada@example.com' });
    agent.send({ t: 'visitor', visitorId: welcome.visitorId, email: 'not an email' });
    expect(await agent.next((f) => f.t === 'error')).toMatchObject({ code: 'bad_frame' });
    agent.close();
    socket.close();
  });
});

describe('auto-close', () => {
  it('closes answered conversations silent past the site setting, by a deadline job, and tells the consoles', async () => {
    await addAgent('ann@shop.example');
    const agent = await agentSocket(server, await signIn(server, 'ann@shop.example', 'password1'));
    const { socket } = await helloVisitor(server, site);
    socket.send({ t: 'send', clientId: 'a', text: 'hi' });
    const ack = await socket.next((f) => f.t === 'ack');
    agent.send({ t: 'send', conversationId: ack.conversationId, clientId: 'r', text: 'Hello!' });
    const answered = await agent.next((f) => f.t === 'ack');
    await server.core.sites.update(site.key, { settings: { autoCloseAfter: 1 } });
    expect((await server.store.conversations.byId(ack.conversationId))?.status).toBe('open');
    const closed = await agent.next((f) => f.t === 'conversation' && f.item.status === 'closed', 4000);
    expect(closed.item.updatedAt - answered.at).toBeGreaterThanOrEqual(1000);
    expect((await server.store.conversations.byId(ack.conversationId))?.status).toBe('closed');
    agent.close();
    socket.close();
  });
});
