import type { OutboxItem } from '@parley/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashPassword } from '../src/core/auth/password.ts';
import { hashToken } from '../src/core/auth/tokens.ts';
import { unsubscribeToken } from '../src/core/mail/unsubscribe.ts';
import type { Site } from '../src/ports/store.ts';
import { signIn, startTestServer, type TestServer, type TestSocket } from './harness.ts';
import { FAST_MAIL, leftVisitor, mailSite, reply, type SmtpSink, sleep, startSmtpSink, until } from './mail-harness.ts';

let sink: SmtpSink;
let server: TestServer;
let site: Site;
let agent: TestSocket;
let cookie: string;

beforeEach(async () => {
  sink = await startSmtpSink();
  server = await startTestServer(undefined, { SMTP_URL: `smtp://127.0.0.1:${sink.port}` }, FAST_MAIL);
  ({ site, agent, cookie } = await mailSite(server, 0));
});
afterEach(async () => {
  agent.close();
  await server.destroy();
  await sink.close();
});

/** A visitor who left on `page`, an agent reply, and the email it became. */
async function emailed(page: string | null = null) {
  const visitor = await leftVisitor(server, site, { email: 'ada@example.com', name: 'Ada' });
  if (page) await server.store.visitors.recordPageView(visitor.visitorId, { at: Date.now(), page: { url: page, title: 'Cart', referrer: '' }, userAgent: null, language: null, timeZone: null });
  await reply(agent, visitor.conversationId, 'Your answer');
  const [delivery] = await sink.waitFor(1);
  const text = delivery!.mail.text!;
  return {
    ...visitor,
    continueToken: /\/c\/([A-Za-z0-9_-]+)/.exec(text)![1]!,
    unsubscribeUrl: /Unsubscribe: (\S+)/.exec(text)![1]!,
  };
}

const get = (path: string) => fetch(`${server.url}${path}`, { redirect: 'manual' });

describe('continue link', () => {
  it('leads back to the page the visitor was on, and works once', async () => {
    const { continueToken, visitorId, conversationId } = await emailed('https://shop.example/cart?step=2#top');
    for (let i = 0; i < 2; i++) {
      // Opening it (a mail scanner might) does not use it up: the widget's hello does.
      const res = await get(`/c/${continueToken}`);
      expect(res.status).toBe(302);
      expect(res.headers.get('location')).toBe(`https://shop.example/cart?step=2&parley_continue=${continueToken}#top`);
    }
    const { store } = server;
    expect(await store.mail.consumeContinueLink(hashToken(continueToken), Date.now())).toEqual({ visitorId, conversationId });
    expect(await store.mail.consumeContinueLink(hashToken(continueToken), Date.now())).toBeNull();
    const used = await get(`/c/${continueToken}`);
    expect(used.status).toBe(410);
    expect(await used.text()).toContain('This link has expired');
  });

  it("goes to the site's first origin when the last page is elsewhere", async () => {
    const { continueToken } = await emailed('https://evil.example/phish');
    const res = await get(`/c/${continueToken}`);
    expect(res.headers.get('location')).toBe(`https://shop.example/?parley_continue=${continueToken}`);
  });

  it('expires after 7 days, and an unknown token is expired too', async () => {
    const { continueToken } = await emailed();
    const hash = hashToken(continueToken);
    const { store } = server;
    expect(await store.mail.consumeContinueLink(hash, Date.now() + 7 * 86_400_000 + 60_000)).toBeNull();
    expect(await store.mail.continueTarget(hash, Date.now() + 7 * 86_400_000 + 60_000)).toBeNull();
    expect(await store.mail.continueTarget(hash, Date.now())).not.toBeNull();
    expect((await get('/c/not-a-token')).status).toBe(410);
  });
});

describe('unsubscribe', () => {
  it('asks first, then one POST (the one-click kind too) stops all mail to the visitor', async () => {
    const { unsubscribeUrl, visitorId, conversationId } = await emailed();
    const path = new URL(unsubscribeUrl).pathname;
    const page = await get(path);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toMatch(/<form method="post" action="[^"]+"><button type="submit">Unsubscribe<\/button><\/form>/);
    expect((await server.store.visitors.byId(visitorId))?.emailStatus).toBe('ok');

    const res = await fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('You are unsubscribed');
    expect((await server.store.visitors.byId(visitorId))?.emailStatus).toBe('unsubscribed');
    await agent.next((f) => f.t === 'conversation' && f.item.visitor.emailStatus === 'unsubscribed');

    await reply(agent, conversationId, 'One more thing');
    await sleep(400);
    expect(sink.deliveries).toHaveLength(1);
  });

  it('fails emails still queued with the reason "unsubscribed"', async () => {
    await sink.close();
    // Nothing listens there any more: the email waits in the queue, retried.
    const { visitorId, conversationId } = await leftVisitor(server, site, { email: 'ada@example.com' });
    await reply(agent, conversationId, 'Hello?');
    await until(async () => (await server.store.mail.listOutbox(1))[0]?.status === 'queued' && (await server.store.mail.listOutbox(1))[0]!.attempts > 0);
    const res = await fetch(`${server.url}/u/${unsubscribeToken(visitorId, server.core.ctx.secret)}`, { method: 'POST' });
    expect(res.status).toBe(200);
    await until(async () => (await server.store.mail.listOutbox(1))[0]?.status === 'failed');
    expect((await server.store.mail.listOutbox(1))[0]).toMatchObject({ status: 'failed', lastError: 'unsubscribed' });
    await agent.next((f) => f.t === 'email' && f.email.status === 'failed' && f.email.error === 'unsubscribed');
    sink = await startSmtpSink();
  });

  it('refuses a token it did not sign', async () => {
    const forged = `${'x'.repeat(21)}.${'A'.repeat(22)}`;
    expect((await get(`/u/${forged}`)).status).toBe(404);
    expect((await fetch(`${server.url}/u/${forged}`, { method: 'POST' })).status).toBe(404);
  });
});

describe('GET /api/mail', () => {
  it('lists the outbox, newest first, to admins only', async () => {
    expect((await get('/api/mail')).status).toBe(401);
    await server.store.agents.create({ email: 'bo@shop.example', name: 'Bo', role: 'agent', passwordHash: await hashPassword('correct horse') });
    const agentCookie = await signIn(server, 'bo@shop.example', 'correct horse');
    expect((await fetch(`${server.url}/api/mail`, { headers: { cookie: agentCookie } })).status).toBe(403);

    const { conversationId } = await emailed();
    await reply(agent, conversationId, 'Second');
    await sink.waitFor(2);
    await until(async () => (await server.store.mail.listOutbox(10)).every((i) => i.status === 'sent'));
    const res = await fetch(`${server.url}/api/mail`, { headers: { cookie } });
    expect(res.status).toBe(200);
    const { items } = (await res.json()) as { items: OutboxItem[] };
    expect(items).toHaveLength(2);
    expect(items[0]).toEqual({
      id: expect.any(String),
      conversationId,
      to: 'ada@example.com',
      subject: 'New reply from Shop',
      status: 'sent',
      attempts: 1,
      lastError: null,
      createdAt: expect.any(Number),
      sentAt: expect.any(Number),
      file: null,
    });
    expect(items[0]!.createdAt).toBeGreaterThanOrEqual(items[1]!.createdAt);
  });
});
