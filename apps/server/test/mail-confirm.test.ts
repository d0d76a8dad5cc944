/**
 * The fallback email is no relay for a stranger's words: an address the visitor typed gets one
 * confirmation request carrying the shop's words only, later mail waits until the owner confirms,
 * and visitor text is never a link in any email. Real SMTP, real server, real mail parsing.
 */
import type { OutboxItem } from '@parley/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Site } from '../src/ports/store.ts';
import { startTestServer, type TestServer, type TestSocket } from './harness.ts';
import { type Delivery, FAST_MAIL, leftVisitor, mailSite, reply, type SmtpSink, sleep, startSmtpSink, until } from './mail-harness.ts';

let sink: SmtpSink;
let server: TestServer;
let site: Site;
let agent: TestSocket;
let cookie: string;

beforeEach(async () => {
  sink = await startSmtpSink();
  server = await startTestServer(undefined, { SMTP_URL: `smtp://127.0.0.1:${sink.port}`, MAIL_FROM: 'Shop support <chat@shop.example>' }, FAST_MAIL);
  ({ site, agent, cookie } = await mailSite(server, 0));
});
afterEach(async () => {
  agent.close();
  await server.destroy();
  await sink.close();
});

const HOSTILE = 'Urgent: log in at https://evil.example/login or <a href="https://evil.example/x">here</a>, www.evil-shop.com, evil.com, pay@evil.com';
const HOSTILE_NAME = 'Support team https://evil.example';

/** Every href in the HTML part, and every link a mail client's autolinker makes of the text part (mailparser uses linkify-it). */
function links(delivery: Delivery): string[] {
  const hrefs = (html: string) => [...html.matchAll(/<a\b[^>]*\bhref\s*=\s*["']?([^"'\s>]+)/gi)].map((m) => m[1]!);
  return [...hrefs(String(delivery.mail.html)), ...hrefs(String(delivery.mail.textAsHtml))];
}

const outbox = async () => {
  const res = await fetch(`${server.url}/api/mail`, { headers: { cookie } });
  return ((await res.json()) as { items: OutboxItem[] }).items;
};

describe('an address the visitor typed', () => {
  it('gets one confirmation request with only the shop’s words; more mail waits, visibly; confirming sends it with the recap', async () => {
    const { conversationId } = await leftVisitor(server, site, { email: 'victim@example.com', name: HOSTILE_NAME, typed: true }, HOSTILE);
    await reply(agent, conversationId, 'Thanks for asking! Details: https://shop.example/help');
    const [request] = await sink.waitFor(1, 4000);
    const { mail } = request!;
    expect(request!.to).toEqual(['victim@example.com']);
    expect(mail.subject).toBe('New reply from Shop: please confirm your email address');
    expect(mail.to).toMatchObject({ value: [{ address: 'victim@example.com', name: '' }] });
    expect(mail.text).toContain('Thanks for asking! Details: https://shop.example/help');
    expect(mail.text).toMatch(/Confirm it to get further replies by email: http:\/\/localhost:3999\/e\/\S+/);
    expect(mail.text).toMatch(/Continue the chat: http:\/\/localhost:3999\/c\/\S+/);
    // Nothing the visitor wrote: not their message, not their name, anywhere in the message.
    for (const part of [request!.raw, mail.text!, String(mail.html)]) {
      expect(part).not.toMatch(/evil|Urgent|Support team|Where is my order/i);
    }
    expect(links(request!).every((href) => /^(http:\/\/localhost:3999\/|https:\/\/shop\.example\/)/.test(href))).toBe(true);

    await reply(agent, conversationId, 'Your parcel left today.');
    await agent.next((f) => f.t === 'email' && f.email.status === 'held', 4000);
    await sleep(500);
    expect(sink.deliveries).toHaveLength(1);
    expect((await outbox()).map((i) => i.status)).toEqual(['held', 'sent']);
    const history = await server.store.messages.since(conversationId, 0);
    expect(history.map((m) => m.email?.status ?? null)).toEqual([null, null, 'sent', 'held']);

    // Opening the link (as a mail scanner would) only asks.
    const confirmUrl = /\/e\/(\S+)/.exec(mail.text!)![0]!;
    const page = await fetch(`${server.url}${confirmUrl}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/<form method="post" action="\/e\/[^"]+"><button type="submit">Confirm my email address<\/button>/);
    await sleep(400);
    expect(sink.deliveries).toHaveLength(1);
    expect((await fetch(`${server.url}/e/${'x'.repeat(20)}.forged`, { method: 'POST' })).status).toBe(404);

    const confirmed = await fetch(`${server.url}${confirmUrl}`, { method: 'POST' });
    expect(confirmed.status).toBe(200);
    const [, released] = await sink.waitFor(2, 4000);
    expect(released!.mail.subject).toBe('New reply from Shop');
    // The recap now comes along, the visitor's words quoted inert.
    expect(released!.mail.text).toMatch(/You \([^)]*\):\nUrgent: log in at https\[:\]\/\/evil\[\.\]example\/login[^]*Your parcel left today\./);
    expect(links(released!).some((href) => /evil/i.test(href))).toBe(false);
    await until(async () => (await outbox()).every((i) => i.status === 'sent'));

    // Confirmed: the next reply goes at once, in full.
    await reply(agent, conversationId, 'Anything else?');
    const [, , third] = await sink.waitFor(3, 4000);
    expect(third!.mail.subject).toBe('New reply from Shop');
  });

  it('a confirm link stops working once the visitor changes their address', async () => {
    const { conversationId, visitorId } = await leftVisitor(server, site, { email: 'first@example.com', typed: true });
    await reply(agent, conversationId, 'Hello!');
    const [request] = await sink.waitFor(1, 4000);
    const confirmUrl = /\/e\/(\S+)/.exec(request!.mail.text!)![0]!;
    await server.store.visitors.update(visitorId, { email: 'second@example.com' });
    expect((await fetch(`${server.url}${confirmUrl}`)).status).toBe(404);
    expect((await fetch(`${server.url}${confirmUrl}`, { method: 'POST' })).status).toBe(404);
    expect(await server.store.mail.addressState(visitorId, 'first@example.com')).toBe('requested');
  });
});

describe('an address the site vouched for (identify with a valid HMAC)', () => {
  it('gets the full email at once, and visitor text in it is never a link, in HTML or in text as a mail client renders it', async () => {
    const { conversationId } = await leftVisitor(server, site, { email: 'ada@example.com', name: HOSTILE_NAME }, HOSTILE);
    await reply(agent, conversationId, 'See https://shop.example/help');
    const [delivery] = await sink.waitFor(1, 4000);
    const { mail } = delivery!;
    expect(mail.subject).toBe('New reply from Shop');
    expect(mail.text).toContain('Urgent: log in at https[:]//evil[.]example/login or <a href="https[:]//evil[.]example/x">here</a>, www[.]evil-shop[.]com, evil[.]com, pay@evil[.]com');
    expect(mail.text).toContain('Hi Support team https[:]//evil[.]example,');
    expect(String(mail.html)).toContain('&#60;a href=&#34;https[:]//evil[.]example/x&#34;&#62;here&#60;/a&#62;');
    // The agent's link is a link; nothing of the visitor's is.
    expect(links(delivery!)).toContain('https://shop.example/help');
    expect(links(delivery!).filter((href) => /evil/i.test(href))).toEqual([]);
    expect(String(mail.html)).not.toMatch(/<a\b[^>]*evil/i);
  });
});
