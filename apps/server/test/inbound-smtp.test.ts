import { MAX_MESSAGE_LENGTH } from '@parley/protocol';
import nodemailer from 'nodemailer';
import type { SendMailOptions } from 'nodemailer/lib/mailer';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashPassword } from '../src/core/auth/password.ts';
import { readConfig } from '../src/config.ts';
import { replyAddress } from '../src/core/mail/reply-address.ts';
import type { Site } from '../src/ports/store.ts';
import { agentSocket, helloVisitor, signIn, startTestServer, type TestServer, type TestSocket } from './harness.ts';

const DOMAIN = 'chat.example.com';

let server: TestServer;
let site: Site;
let agent: TestSocket;
let visitor: TestSocket;
let conversationId: string;
let address: string;

beforeEach(async () => {
  server = await startTestServer(undefined, { PARLEY_INBOUND_SMTP_PORT: '0' });
  site = await server.store.sites.create({ name: 'Shop', origins: ['https://shop.example'] });
  await server.store.agents.create({ email: 'ann@shop.example', name: 'Ann', role: 'admin', passwordHash: await hashPassword('correct horse') });
  agent = await agentSocket(server, await signIn(server, 'ann@shop.example', 'correct horse'));
  await agent.next((f) => f.t === 'conversations');
  ({ socket: visitor } = await helloVisitor(server, site));
  visitor.send({ t: 'send', clientId: 'v1', text: 'Do you have it in blue?' });
  conversationId = (await visitor.next((f) => f.t === 'ack')).conversationId;
  address = replyAddress(conversationId, DOMAIN, server.core.ctx.secret);
});
afterEach(async () => {
  agent.close();
  visitor.close();
  await server.destroy();
});

/** Sends over real SMTP to the server's listener, as a visitor's mail provider would. */
function send(mail: SendMailOptions) {
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port: server.inboundSmtpPort!, secure: false, ignoreTLS: true });
  return transport.sendMail({ from: 'Ada <ada@example.com>', subject: 'Re: Your chat with Shop', ...mail });
}

const texts = async () => (await server.store.messages.since(conversationId, 0)).map((m) => [m.author, m.text]);

describe('reply by email', () => {
  it('posts the stripped reply into its conversation as the visitor, live to agents', async () => {
    const text = `Yes, the blue one please.\n\nThanks!\nAda\n\nOn Tue, 3 Jun 2025 at 14:02, Shop <${address}> wrote:\n\n> We have it in blue and green.\n> --\n> Shop\n`;
    const info = await send({ to: address, text, messageId: '<CAF=abc123@mail.gmail.com>' });
    expect(info.accepted).toEqual([address]);
    const live = await agent.next((f) => f.t === 'message' && f.message.seq === 2);
    expect(live.message).toMatchObject({ conversationId, author: 'visitor', text: 'Yes, the blue one please.\n\nThanks!\nAda' });
    await visitor.next((f) => f.t === 'message' && f.message.seq === 2);
    expect(await texts()).toEqual([
      ['visitor', 'Do you have it in blue?'],
      ['visitor', 'Yes, the blue one please.\n\nThanks!\nAda'],
    ]);
  });

  it('stores a redelivered email once, even with a Message-ID longer than a client id', async () => {
    const messageId = `<${'x'.repeat(120)}@mail.example.com>`;
    await send({ to: address, text: 'Blue, please.', messageId });
    await send({ to: address, text: 'Blue, please.', messageId });
    await send({ to: address, text: 'And green too.', messageId: '<other@mail.example.com>' });
    expect(await texts()).toEqual([
      ['visitor', 'Do you have it in blue?'],
      ['visitor', 'Blue, please.'],
      ['visitor', 'And green too.'],
    ]);
  });

  it('posts two identical replies without a Message-ID written at different times as two messages, and says which it posted', async () => {
    // Some clients and relays send no Message-ID: the Date their author's client set tells a second message from a resend.
    const raw = (date: string) => `From: Ada <ada@example.com>\r\nTo: ${address}\r\nSubject: Re: Your chat with Shop\r\nDate: ${date}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nThanks!\r\n`;
    const first = raw('Tue, 01 Dec 2026 10:00:00 +0000');
    const envelope = { from: 'ada@example.com', to: [address] };
    expect((await send({ envelope, raw: first })).response).toMatch(/^250 .*reply posted/);
    expect((await send({ envelope, raw: raw('Tue, 01 Dec 2026 10:00:07 +0000') })).response).toMatch(/^250 .*reply posted/);
    // The same bytes again (a relay retrying after a lost 250) are taken, stored once, and said to be a duplicate.
    const again = await send({ envelope, raw: first });
    expect(again.response).toMatch(/^250 /);
    expect(again.response).not.toMatch(/reply posted/);
    expect(again.response).toMatch(/already/);
    expect(await texts()).toEqual([
      ['visitor', 'Do you have it in blue?'],
      ['visitor', 'Thanks!'],
      ['visitor', 'Thanks!'],
    ]);
  });

  it('stores the same Message-ID redelivered once, and never answers "posted" for the copy', async () => {
    const messageId = '<CAF=same@mail.gmail.com>';
    expect((await send({ to: address, text: 'Thanks!', messageId })).response).toMatch(/reply posted/);
    const again = await send({ to: address, text: 'Thanks!', messageId });
    expect(again.response).toMatch(/^250 .*already/);
    expect(again.response).not.toMatch(/reply posted/);
    expect(await texts()).toEqual([
      ['visitor', 'Do you have it in blue?'],
      ['visitor', 'Thanks!'],
    ]);
  });

  it('refuses a forged reply token at RCPT TO with 550, storing nothing', async () => {
    const forged = address.replace(/\.[^.@]+@/, '.AAAAAAAAAAAAAAAA@');
    expect(forged).not.toBe(address);
    await expect(send({ to: forged, text: 'let me in' })).rejects.toMatchObject({ code: 'EENVELOPE', responseCode: 550 });
    // Signed for a conversation that does not exist: refused too.
    await expect(send({ to: replyAddress('missing', DOMAIN, server.core.ctx.secret), text: 'hello?' })).rejects.toMatchObject({ responseCode: 550 });
    expect(await texts()).toEqual([['visitor', 'Do you have it in blue?']]);
  });

  it('refuses unknown local parts, and takes only the good recipient of a mixed envelope', async () => {
    for (const to of [`support@${DOMAIN}`, `reply+${conversationId}@${DOMAIN}`, `reply@${DOMAIN}`]) {
      const error = await send({ to, text: 'hi' }).catch((e: unknown) => e);
      expect(error).toMatchObject({ responseCode: 550 });
      expect(String((error as Error).message)).toContain('is not a reply address');
    }
    const info = await send({ to: [`support@${DOMAIN}`, address], text: 'Only once.' });
    expect(info.accepted).toEqual([address]);
    expect(info.rejected).toEqual([`support@${DOMAIN}`]);
    expect(await texts()).toEqual([
      ['visitor', 'Do you have it in blue?'],
      ['visitor', 'Only once.'],
    ]);
  });

  it('turns an HTML-only email into text, without the Gmail quote', async () => {
    const html = `<div dir="ltr">Yes, the <b>blue</b> one. Details are on <a href="https://shop.example/p/1">the product page</a>.</div><br><div class="gmail_quote"><div dir="ltr" class="gmail_attr">On Tue, 3 Jun 2025 at 14:02, Shop &lt;<a href="mailto:${address}">${address}</a>&gt; wrote:<br></div><blockquote class="gmail_quote"><div>We have it in blue and green.</div></blockquote></div>`;
    await send({ to: address, html });
    const live = await agent.next((f) => f.t === 'message' && f.message.seq === 2);
    expect(live.message.text).toBe('Yes, the blue one. Details are on the product page [https://shop.example/p/1].');
  });

  it('strips an Outlook reply and its history', async () => {
    const text = `Tomorrow works.\r\n\r\nBob\r\n\r\n________________________________\r\nFrom: Shop <${address}>\r\nSent: Tuesday, June 3, 2025 2:02 PM\r\nTo: Bob <bob@example.com>\r\nSubject: Re: delivery\r\n\r\nWhen can we deliver?\r\n`;
    await send({ to: address, text });
    expect((await agent.next((f) => f.t === 'message' && f.message.seq === 2)).message.text).toBe('Tomorrow works.\n\nBob');
  });

  it('refuses a reply that is only quoted history with a 550 that says so', async () => {
    const text = `On Tue, 3 Jun 2025 at 14:02, Shop <${address}> wrote:\n\n> We have it in blue and green.\n`;
    const error = await send({ to: address, text }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'EMESSAGE', responseCode: 550 });
    expect(String((error as Error).message)).toContain('empty once the quoted history is removed');
    expect(await texts()).toHaveLength(1);
  });

  it('cuts a reply longer than a chat message, with a note', async () => {
    await send({ to: address, text: `${'word '.repeat(2000)}\n\n> quoted` });
    const [, [, text]] = (await texts()) as [unknown, [string, string]];
    expect(text).toHaveLength(MAX_MESSAGE_LENGTH);
    expect(text.endsWith('…(cut)')).toBe(true);
    expect(text.startsWith('word word')).toBe(true);
  });

  it('stores a reply cleaned like any chat message: no controls, no bidi overrides', async () => {
    await send({ to: address, text: 'Order \u202Efdp.exe\u202C ready\x1b[31m?\x00' });
    expect((await texts()).at(-1)).toEqual(['visitor', 'Order fdp.exe ready[31m?']);
  });

  it('takes the reply on top of megabytes of quoted history', async () => {
    const history = '> an old line of the thread, quoted once more\n'.repeat(100_000);
    await send({ to: address, text: `Still interested!\n\nOn Tue, 3 Jun 2025 at 14:02, Shop <${address}> wrote:\n${history}` });
    expect((await texts()).at(-1)).toEqual(['visitor', 'Still interested!']);
  });

  it('accepts and drops auto-replies, so an away notice never lands in the chat', async () => {
    const info = await send({ to: address, text: 'I am out of office until Monday.', headers: { 'Auto-Submitted': 'auto-replied' } });
    expect(info.accepted).toEqual([address]);
    expect(await texts()).toHaveLength(1);
  });

  it('refuses a message over the size limit', async () => {
    const big = Buffer.alloc(11 * 1024 * 1024, 'a');
    const error = await send({ to: address, text: 'see attachment', attachments: [{ filename: 'big.bin', content: big }] }).catch((e: unknown) => e);
    expect(error).toMatchObject({ responseCode: 552 });
    expect(await texts()).toHaveLength(1);
  });
});

describe('PARLEY_INBOUND_SMTP_PORT', () => {
  it('unsubscribes through the List-Unsubscribe mailto, and refuses a forged one', async () => {
    const { unsubscribeAddress, unsubscribeToken } = await import('../src/core/mail/unsubscribe.ts');
    const visitorId = (await server.store.conversations.byId(conversationId))!.visitorId;
    const mailto = unsubscribeAddress(unsubscribeToken(visitorId, server.core.ctx.secret), DOMAIN);
    await expect(send({ to: unsubscribeAddress(`${visitorId}.forgedforgedforgedforge`, DOMAIN), text: '' })).rejects.toThrow(/550/);
    expect((await server.store.visitors.byId(visitorId))?.emailStatus).toBe('ok');
    expect((await send({ to: mailto, subject: 'unsubscribe', text: '' })).accepted).toEqual([mailto]);
    expect((await server.store.visitors.byId(visitorId))?.emailStatus).toBe('unsubscribed');
    expect(await texts()).toEqual([['visitor', 'Do you have it in blue?']]);
  });

  it('is off when unset, and must be a port number', async () => {
    const plain = await startTestServer();
    expect(plain.inboundSmtpPort).toBeNull();
    await plain.destroy();
    expect(readConfig({}).inboundSmtpPort).toBeNull();
    expect(readConfig({ PARLEY_INBOUND_SMTP_PORT: '2525' }).inboundSmtpPort).toBe(2525);
    expect(() => readConfig({ PARLEY_INBOUND_SMTP_PORT: 'smtp' })).toThrow('PARLEY_INBOUND_SMTP_PORT must be a port number, not "smtp".');
    expect(() => readConfig({ PARLEY_INBOUND_SMTP_PORT: '70000' })).toThrow(/port number/);
  });
});
