/**
 * The outbox against SMTP servers that misbehave: refusing connections, accepting TCP and never
 * greeting, stalling on one recipient, answering 4xx then 5xx. Real servers on loopback, real
 * nodemailer, the real outbox worker.
 *
 * The guarantee tested here: delivery is at least once, with the Message-ID as the idempotency
 * key. A row marked 'sent' is never sent again; a send whose 250 was not recorded is sent again,
 * same Message-ID, same bytes, once its attempt is over.
 */
import type { OutboxItem } from '@parley/protocol';
import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Config } from '../src/config.ts';
import { startTestServer, type TestServer } from './harness.ts';
import { FAST_MAIL, leftVisitor, mailSite, reply, type SinkOptions, type SmtpSink, sleep, startSmtpSink, until } from './mail-harness.ts';

const cleanup: Array<() => unknown> = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function mailServer(port: number, overrides: Partial<Config> = {}, dataDir?: string): Promise<TestServer> {
  const server = await startTestServer(dataDir, { SMTP_URL: `smtp://127.0.0.1:${port}` }, { ...FAST_MAIL, ...overrides });
  cleanup.push(() => server.destroy());
  return server;
}

async function sink(options: SinkOptions = {}): Promise<SmtpSink> {
  const started = await startSmtpSink(options);
  cleanup.push(() => started.close());
  return started;
}

/** Accepts TCP connections and never says a word: the server that never greets. */
async function silentServer(): Promise<{ port: number; open: Set<Socket>; close(): Promise<void> }> {
  const open = new Set<Socket>();
  const server: Server = createServer((socket) => {
    open.add(socket);
    socket.on('close', () => open.delete(socket));
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const close = () => {
    for (const socket of open) socket.destroy();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return { port: (server.address() as { port: number }).port, open, close };
}

/** Visitors who left, each with an agent reply waiting to be emailed (emailDelay 0). */
async function emailsTo(server: TestServer, addresses: string[]) {
  const { site, agent, cookie } = await mailSite(server, 0);
  cleanup.push(() => agent.close());
  for (const email of addresses) {
    const { conversationId } = await leftVisitor(server, site, { email });
    await reply(agent, conversationId, `Hello ${email}`);
  }
  return { agent, cookie };
}

const rows = (server: TestServer) => server.store.mail.listOutbox(50);

describe('SMTP faults', () => {
  it('a server that accepts TCP but never greets: each attempt fails on the greeting time-out, several run at once, and all go once it answers', async () => {
    const silent = await silentServer();
    const server = await mailServer(silent.port);
    const addresses = ['a@example.com', 'b@example.com', 'c@example.com', 'd@example.com', 'e@example.com'];
    let mostAtOnce = 0;
    const watch = setInterval(() => (mostAtOnce = Math.max(mostAtOnce, silent.open.size)), 10);
    cleanup.push(() => clearInterval(watch));
    await emailsTo(server, addresses);
    await until(async () => (await rows(server)).filter((r) => r.attempts >= 1 && r.status === 'queued').length === addresses.length, 6000, () => 'a failed attempt each');
    expect(mostAtOnce).toBeGreaterThanOrEqual(4);
    const [first] = await rows(server);
    expect(first!.lastError).toMatch(/greeting/i);

    await silent.close();
    const up = await sink({ port: silent.port });
    await up.waitFor(addresses.length, 8000);
    await until(async () => (await rows(server)).every((r) => r.status === 'sent'), 3000, () => 'every row sent');
    await sleep(500);
    expect(up.deliveries.map((d) => d.to[0]).sort()).toEqual(addresses);
    expect(new Set(up.deliveries.map((d) => d.mail.messageId)).size).toBe(addresses.length);
  });

  it('one recipient the server stalls on does not hold up the others', async () => {
    const smtp = await sink({ stallRcpt: (address) => address === 'stuck@example.com' });
    // Long enough that, one send at a time, the others would still wait when the test looks.
    const server = await mailServer(smtp.port, { smtpTimeouts: { connectionMs: 500, greetingMs: 500, socketMs: 5000 } });
    await emailsTo(server, ['stuck@example.com', 'ada@example.com', 'bob@example.com', 'cy@example.com']);
    await smtp.waitFor(3, 3000);
    expect(smtp.deliveries.map((d) => d.to[0]).sort()).toEqual(['ada@example.com', 'bob@example.com', 'cy@example.com']);
    const stuck = (await rows(server)).find((r) => r.to === 'stuck@example.com');
    expect(stuck).toMatchObject({ status: 'sending', attempts: 1 });
  });

  it('a server refusing connections: retried with backoff, and each email delivered once when it is back', async () => {
    const probe = await silentServer();
    const port = probe.port;
    await probe.close();
    const server = await mailServer(port);
    await emailsTo(server, ['ada@example.com']);
    await until(async () => ((await rows(server))[0]?.attempts ?? 0) >= 3, 6000, () => 'three refused attempts');
    // Waiting for its next try, or in it: never given up on, never counted as sent.
    const [row] = await rows(server);
    expect(['queued', 'sending']).toContain(row!.status);
    expect(row!.lastError).toMatch(/ECONNREFUSED/);
    const up = await sink({ port });
    await up.waitFor(1, 8000);
    await until(async () => (await rows(server))[0]?.status === 'sent');
    await sleep(500);
    expect(up.deliveries).toHaveLength(1);
  });

  it('4xx, 4xx, then 5xx: retried, then failed for good, visibly, and never tried again', async () => {
    const smtp = await sink({ rejectRcpt: (_address, attempt) => (attempt < 3 ? { code: 451, message: 'Try again later' } : { code: 550, message: 'Mailbox unavailable' }) });
    const server = await mailServer(smtp.port);
    const { agent, cookie } = await emailsTo(server, ['ada@example.com']);
    const failed = await agent.next((f) => f.t === 'email' && f.email.status === 'failed', 6000);
    expect(failed.email.error).toMatch(/550/);
    expect(agent.frames.filter((f) => f.t === 'email' && f.email.status === 'queued' && /451/.test(f.email.error ?? ''))).toHaveLength(2);
    const res = await fetch(`${server.url}/api/mail`, { headers: { cookie } });
    const { items } = (await res.json()) as { items: OutboxItem[] };
    expect(items).toMatchObject([{ to: 'ada@example.com', status: 'failed', attempts: 3 }]);
    expect(items[0]!.lastError).toMatch(/550/);
    await sleep(800);
    expect(smtp.rcptAttempts.get('ada@example.com')).toBe(3);
    expect(smtp.deliveries).toHaveLength(0);
  });

  it('a server that keeps answering 4xx: retries are bounded, then the email is failed with the last reason', async () => {
    const smtp = await sink({ rejectRcpt: () => ({ code: 421, message: 'Service not available' }) });
    const server = await mailServer(smtp.port, { mailMaxAttempts: 4 });
    await emailsTo(server, ['ada@example.com']);
    await until(async () => (await rows(server))[0]?.status === 'failed', 8000, () => 'the row failed');
    expect((await rows(server))[0]).toMatchObject({ status: 'failed', attempts: 4 });
    await sleep(800);
    expect(smtp.rcptAttempts.get('ada@example.com')).toBe(4);
  });

  it('4xx then recovery: delivered once, and never again, not even after a restart', async () => {
    const smtp = await sink({ rejectRcpt: (_address, attempt) => (attempt < 3 ? { code: 451, message: 'Greylisted' } : null) });
    const server = await mailServer(smtp.port);
    await emailsTo(server, ['ada@example.com']);
    await smtp.waitFor(1, 6000);
    await until(async () => (await rows(server))[0]?.status === 'sent');
    await server.stop();
    const again = await mailServer(smtp.port, {}, server.dataDir);
    await sleep(1000);
    expect((await rows(again))[0]).toMatchObject({ status: 'sent', attempts: 3 });
    expect(smtp.deliveries).toHaveLength(1);
  });

  it('a 250 whose "sent" was never recorded: sent again once its attempt is over, same Message-ID and bytes, then never again', { timeout: 20_000 }, async () => {
    const smtp = await sink();
    const server = await mailServer(smtp.port);
    // The write after the 250 fails once, as if the process died between the two.
    const mail = server.store.mail;
    const markEmailSent = mail.markEmailSent.bind(mail);
    let failOnce = true;
    mail.markEmailSent = async (id, now) => {
      if (!failOnce) return markEmailSent(id, now);
      failOnce = false;
      throw new Error('the database went away');
    };
    await emailsTo(server, ['ada@example.com']);
    await smtp.waitFor(1);
    expect((await rows(server))[0]).toMatchObject({ status: 'sending', attempts: 1 });
    // Not before its attempt is over: a second drain must not double a send still under way.
    await sleep(2000);
    expect(smtp.deliveries).toHaveLength(1);
    await smtp.waitFor(2, 10_000);
    await until(async () => (await rows(server))[0]?.status === 'sent');
    await sleep(800);
    expect(smtp.deliveries).toHaveLength(2);
    expect(smtp.deliveries[1]!.raw).toBe(smtp.deliveries[0]!.raw);
    expect(smtp.deliveries[1]!.mail.messageId).toBe(smtp.deliveries[0]!.mail.messageId);
    expect((await rows(server))[0]).toMatchObject({ status: 'sent', attempts: 2 });
  });
});
