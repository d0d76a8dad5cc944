import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Site } from '../src/ports/store.ts';
import { helloVisitor, startTestServer, type TestServer, type TestSocket } from './harness.ts';
import { FAST_MAIL, leftVisitor, mailSite, reply, type SmtpSink, sleep, startSmtpSink, until } from './mail-harness.ts';

let sink: SmtpSink;
let server: TestServer;
let site: Site;
let agent: TestSocket;

beforeEach(async () => {
  sink = await startSmtpSink();
  server = await startTestServer(undefined, {
    SMTP_URL: `smtp://127.0.0.1:${sink.port}`,
    MAIL_FROM: 'Shop support <chat@shop.example>',
    // Reply-by-email on: emails carry the Reply-To reply address and the mailto unsubscribe.
    PARLEY_INBOUND_SMTP_PORT: '0',
  }, FAST_MAIL);
  ({ site, agent } = await mailSite(server, 1));
});
afterEach(async () => {
  agent.close();
  await server.destroy();
  await sink.close();
});

describe('email fallback', () => {
  it('emails unseen replies once the delay has passed: one email, in order, with the agent name', async () => {
    const { conversationId, visitorId } = await leftVisitor(server, site, { email: 'ada@example.com', name: 'Ada' });
    const sentAt = Date.now();
    const acks = [];
    for (const text of ['Let me check.', 'It left our warehouse today.', 'Tracking: https://track.example/123']) acks.push(await reply(agent, conversationId, text));

    const queued = await agent.next((f) => f.t === 'email' && f.email.status === 'queued', 4000);
    expect(Date.now() - sentAt).toBeGreaterThanOrEqual(1000);
    expect(queued).toMatchObject({ conversationId, messageIds: acks.map((a) => a.id) });
    await agent.next((f) => f.t === 'email' && f.email.status === 'sent');
    const [delivery] = await sink.waitFor(1);
    await sleep(300);
    expect(sink.deliveries).toHaveLength(1);

    const { mail } = delivery!;
    expect(delivery!.to).toEqual(['ada@example.com']);
    expect(delivery!.from).toBe('chat@shop.example');
    expect(mail.subject).toBe('New reply from Shop');
    expect(mail.to).toMatchObject({ value: [{ name: 'Ada', address: 'ada@example.com' }] });
    const text = mail.text!;
    const order = ['Where is my order?', 'Let me check.', 'It left our warehouse today.', 'Tracking: https://track.example/123'].map((t) => text.indexOf(t));
    expect(order.every((at, i) => at >= 0 && (i === 0 || at > order[i - 1]!))).toBe(true);
    expect(text).toContain('Ann (');
    expect(text).toContain('Ann replied to your chat on Shop.');
    expect(text).toContain('Or simply reply to this email.');
    expect(mail.html).toContain('<strong>Ann</strong>');
    expect(mail.html).toContain('href="https://track.example/123"');
    expect(mail.html).not.toMatch(/<img/i);
    expect(mail.replyTo?.value[0]?.address).toMatch(new RegExp(`^reply\\+${conversationId}\\.[A-Za-z0-9_-]+@shop\\.example$`));
    const headers = delivery!.raw.slice(0, delivery!.raw.indexOf('\r\n\r\n')).replace(/\r\n[ \t]+/g, ' ');
    expect(headers).toMatch(/^List-Unsubscribe: <http:\/\/localhost:3999\/u\/[^>]+>, <mailto:unsubscribe\+[^>]+@shop\.example\?subject=unsubscribe>$/m);
    expect(headers).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click$/m);
    expect(headers).toMatch(/^Auto-Submitted: auto-generated$/m);
    expect(mail.date!.getTime()).toBeGreaterThanOrEqual(sentAt);

    // The console sees the state on each message, in the history too.
    const history = await server.store.messages.since(conversationId, 0);
    expect(history.map((m) => m.email?.status ?? null)).toEqual([null, null, 'sent', 'sent', 'sent']);
    expect((await server.store.visitors.byId(visitorId))?.emailStatus).toBe('ok');
  });

  it('sends nothing when the visitor saw the replies first', async () => {
    const { conversationId } = await leftVisitor(server, site, { email: 'ada@example.com' });
    const { seq } = await reply(agent, conversationId, 'Here you go.');
    await server.store.conversations.raiseReceipts(conversationId, { visitorSeenSeq: seq });
    await sleep(1600);
    expect(sink.deliveries).toHaveLength(0);
    expect(agent.frames.filter((f) => f.t === 'email')).toEqual([]);
  });

  it('sends nothing while the visitor is back online, and emails what is still unseen once they leave again', async () => {
    const { conversationId, token } = await leftVisitor(server, site, { email: 'ada@example.com' });
    await reply(agent, conversationId, 'Are you still there?');
    const back = await helloVisitor(server, site, { token });
    await sleep(1600);
    expect(sink.deliveries).toHaveLength(0);
    back.socket.close();
    await sink.waitFor(1, 3000);
    expect(sink.deliveries[0]!.mail.text).toContain('Are you still there?');
  });

  it('threads the emails of one conversation and gives each its own Message-ID', async () => {
    const { conversationId } = await leftVisitor(server, site, { email: 'ada@example.com' });
    await reply(agent, conversationId, 'First answer.');
    await sink.waitFor(1, 4000);
    await reply(agent, conversationId, 'Second answer.');
    const [first, second] = (await sink.waitFor(2, 4000)).map((d) => d.mail);
    const root = `<conversation-${conversationId}@shop.example>`;
    expect(first!.messageId).toMatch(/^<[A-Za-z0-9_-]+@shop\.example>$/);
    expect(second!.messageId).not.toBe(first!.messageId);
    expect(first!.inReplyTo).toBe(root);
    expect(first!.references).toBe(root);
    expect(second!.inReplyTo).toBe(first!.messageId);
    expect(second!.references).toEqual([root, first!.messageId]);
    expect(second!.subject).toBe(first!.subject);
    // The second email carries only the new reply; the first comes back as context.
    expect(second!.text).toContain('Second answer.');
    expect(second!.html).toMatch(/#d1d5db[^]*First answer\.[^]*#264653[^]*Second answer\./);
    expect(new Set(sink.deliveries.map((d) => d.mail.messageId)).size).toBe(2);
  });

  it('never lets a name reach the headers raw: a visitor name carrying "\\r\\nBcc:" stays a name', async () => {
    const name = 'Eve\r\nBcc: x@evil.example';
    const { visitorId, conversationId } = await leftVisitor(server, site, { email: 'eve@example.com' });
    // identify trims but keeps inner line breaks: store the name as an agent's edit or an identify would.
    await server.store.visitors.update(visitorId, { name });
    await reply(agent, conversationId, 'Hello Eve');
    const [delivery] = await sink.waitFor(1, 4000);
    const header = delivery!.raw.slice(0, delivery!.raw.indexOf('\r\n\r\n'));
    expect(header).not.toMatch(/^bcc:/im);
    expect(delivery!.mail.bcc).toBeUndefined();
    expect(delivery!.to).toEqual(['eve@example.com']);
    // A name is the visitor's words: never a link either, so the address in it is defanged.
    expect(delivery!.mail.to).toMatchObject({ value: [{ address: 'eve@example.com', name: 'Eve Bcc: x@evil[.]example' }] });
    expect(delivery!.mail.text).toContain('Hi Eve Bcc: x@evil[.]example,');
  });

  it('writes HTML-looking text as text', async () => {
    const { conversationId } = await leftVisitor(server, site, { email: 'ada@example.com' });
    await reply(agent, conversationId, '<script>alert(1)</script> & <b>bold</b>');
    const [delivery] = await sink.waitFor(1, 4000);
    expect(delivery!.mail.html).not.toContain('<script>');
    expect(delivery!.mail.html).toContain('&#60;script&#62;alert(1)&#60;/script&#62; &#38; &#60;b&#62;bold&#60;/b&#62;');
    expect(delivery!.mail.text).toContain('<script>alert(1)</script> & <b>bold</b>');
  });

  it('formats the HTML part from tokens: emphasis and safe links only, every piece escaped', async () => {
    const { conversationId } = await leftVisitor(server, site, { email: 'ada@example.com' });
    const text = '*<img src=x onerror=alert(1)>* _so_ `<b>` [x](javascript:alert(1)) mailto:javascript:alert(1) mailto:ann@shop.example\nnext';
    await reply(agent, conversationId, text);
    const [delivery] = await sink.waitFor(1, 4000);
    const html = delivery!.mail.html as string;
    expect(html).toContain('<strong>&#60;img src=x onerror=alert(1)&#62;</strong> <em>so</em> <code>&#60;b&#62;</code> [x](javascript:alert(1)) mailto:javascript:alert(1) <a href="mailto:ann@shop.example"');
    expect(html).toContain('<br>next');
    expect(html).not.toMatch(/<img|href="(?!https?:|mailto:ann@)/i);
    expect(delivery!.mail.text).toContain(text);
  });

  it('leaves visitors without an address alone', async () => {
    const { socket } = await helloVisitor(server, site);
    socket.send({ t: 'send', clientId: 'v1', text: 'hi' });
    const { conversationId } = await socket.next((f) => f.t === 'ack');
    socket.close();
    await reply(agent, conversationId, 'Hello!');
    await sleep(1600);
    expect(sink.deliveries).toHaveLength(0);
    await until(async () => (await server.store.mail.listOutbox(10)).length === 0);
  });
});

describe('after a restart', () => {
  it('decides no visitor is gone until their widgets had time to reconnect', async () => {
    const env = { SMTP_URL: `smtp://127.0.0.1:${sink.port}`, MAIL_FROM: 'Shop support <chat@shop.example>' };
    const { socket, welcome } = await helloVisitor(server, site);
    socket.send({ t: 'identify', email: 'ada@example.com' });
    socket.send({ t: 'send', clientId: 'q', text: 'Where is my parcel?' });
    const { conversationId } = await socket.next((f) => f.t === 'ack');
    await reply(agent, conversationId, 'On its way!');
    await sleep(1200);
    expect(sink.deliveries).toHaveLength(0);

    // The server stops with the widget open: stopping is not the visitor leaving.
    await server.stop();
    server = await startTestServer(server.dataDir, env, { ...FAST_MAIL, reconnectGraceMs: 1500 });
    await sleep(300);
    const back = await helloVisitor(server, site, { token: welcome.token, reconnect: true });
    await sleep(2000);
    expect(sink.deliveries).toHaveLength(0);

    back.socket.close();
    const [delivery] = await sink.waitFor(1, 4000);
    expect(delivery!.mail.text).toContain('On its way!');
  });
});
