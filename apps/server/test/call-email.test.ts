/** A call invitation the visitor did not see goes by the email fallback like any reply: it says who invites, and the room's link, escaped, never raw HTML. */
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Site } from '../src/ports/store.ts';
import { startTestServer, type TestServer, type TestSocket } from './harness.ts';
import { FAST_MAIL, leftVisitor, mailSite, type SmtpSink, startSmtpSink } from './mail-harness.ts';

let sink: SmtpSink;
let server: TestServer;
let site: Site;
let agent: TestSocket;
let cookie: string;

beforeEach(async () => {
  sink = await startSmtpSink();
  server = await startTestServer(undefined, { SMTP_URL: `smtp://127.0.0.1:${sink.port}`, MAIL_FROM: 'Shop support <chat@shop.example>' }, FAST_MAIL);
  ({ site, agent, cookie } = await mailSite(server, 1));
});
afterEach(async () => {
  agent.close();
  await server.destroy();
  await sink.close();
});

it('emails an unseen call invitation: "invites you to a video call" with the link', async () => {
  // A hostile callLink cannot reach the email as markup: the address is escaped like any agent text.
  await server.core.sites.update(site.key, { settings: { ...site.settings, callLink: 'https://meet.example/{room}?x="><b>bold</b>' } });
  const { conversationId } = await leftVisitor(server, site, { email: 'ada@example.com', name: 'Ada' });
  const res = await fetch(`${server.url}/api/conversations/${conversationId}/call`, {
    method: 'POST',
    headers: { cookie, origin: new URL(server.url).origin, 'content-type': 'application/json' },
    body: JSON.stringify({ clientId: 'call-1' }),
  });
  const { message } = (await res.json()) as { message: { call: { url: string } } };
  expect(message.call.url).toMatch(/^https:\/\/meet\.example\/[0-9a-f]{20}\?x=%22%3E%3Cb%3Ebold%3C\/b%3E$/);
  const [delivery] = await sink.waitFor(1);
  const { mail } = delivery!;
  expect(mail.text).toContain(`Ann invites you to a video call: ${message.call.url}`);
  expect(mail.html).toContain('invites you to a video call');
  expect(mail.html).not.toMatch(/<b>|"><b/);
  expect(mail.html).toContain(`href="${message.call.url}"`);
});
