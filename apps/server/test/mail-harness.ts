/** For the email fallback tests: a real SMTP server that keeps what it receives, and a chat whose visitor has left. */
import { type ParsedMail, simpleParser } from 'mailparser';
import { createHmac } from 'node:crypto';
import { nanoid } from 'nanoid';
import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';
import { hashPassword } from '../src/core/auth/password.ts';
import type { Site } from '../src/ports/store.ts';
import { agentSocket, helloVisitor, signIn, type TestServer, type TestSocket } from './harness.ts';

/**
 * Fast enough for tests: the scheduler and worker look every 50 ms, the first retry waits 50–100 ms,
 * an SMTP server silent for a second has failed the attempt (so an interrupted send is retried ~7 s on).
 */
export const FAST_MAIL = {
  mailTickMs: 50,
  mailRetryBaseMs: 100,
  reconnectGraceMs: 0,
  smtpTimeouts: { connectionMs: 500, greetingMs: 500, socketMs: 1000 },
};

export interface Delivery {
  from: string;
  to: string[];
  raw: string;
  mail: ParsedMail;
  /** True once the sink answered 250 to DATA: only then has the sender handed the message over. */
  acknowledged: boolean;
}

export interface SmtpSink {
  port: number;
  deliveries: Delivery[];
  /** While holding, DATA is read in full but never answered, like a server stuck before its 250. */
  holding: boolean;
  /** RCPT TOs seen per address, refused and stalled ones included. */
  rcptAttempts: Map<string, number>;
  waitFor(count: number, timeoutMs?: number): Promise<Delivery[]>;
  close(): Promise<void>;
}

export interface SinkOptions {
  port?: number;
  holding?: boolean;
  /** A refusal for RCPT TO: a bare string is a 550; `attempt` counts this address's RCPT TOs, from 1. */
  rejectRcpt?: (address: string, attempt: number) => string | { code: number; message: string } | null;
  /** RCPT TO for these addresses is never answered, like a server stuck on them. */
  stallRcpt?: (address: string) => boolean;
}

export async function startSmtpSink(options: SinkOptions = {}): Promise<SmtpSink> {
  const deliveries: Delivery[] = [];
  const rcptAttempts = new Map<string, number>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    disableReverseLookup: true,
    logger: false,
    closeTimeout: 100,
    onRcptTo(address, _session, callback) {
      const attempt = (rcptAttempts.get(address.address) ?? 0) + 1;
      rcptAttempts.set(address.address, attempt);
      if (options.stallRcpt?.(address.address)) return;
      const refusal = options.rejectRcpt?.(address.address, attempt);
      if (!refusal) return callback();
      const { code, message } = typeof refusal === 'string' ? { code: 550, message: refusal } : refusal;
      callback(Object.assign(new Error(message), { responseCode: code }));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', async () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const delivery: Delivery = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw,
          mail: await simpleParser(raw),
          acknowledged: false,
        };
        deliveries.push(delivery);
        if (sink.holding) return;
        delivery.acknowledged = true;
        callback();
      });
    },
  });
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', () => resolve()));
  const sink: SmtpSink = {
    port: (server.server.address() as AddressInfo).port,
    deliveries,
    rcptAttempts,
    holding: options.holding ?? false,
    async waitFor(count, timeoutMs = 5000) {
      await until(() => deliveries.length >= count, timeoutMs, () => `${count} deliveries; got ${deliveries.length}`);
      return deliveries;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  return sink;
}

/** Polls until `done` holds, or fails saying what it waited for. */
export async function until(done: () => boolean | Promise<boolean>, timeoutMs = 5000, what: () => string = () => 'the condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`waited ${timeoutMs} ms for ${what()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A site with a short emailDelay and a signed-in admin agent, Ann, whose console socket is open. */
export async function mailSite(server: TestServer, emailDelay = 1): Promise<{ site: Site; agent: TestSocket; cookie: string }> {
  const { store } = server;
  const created = await store.sites.create({ name: 'Shop', origins: ['https://shop.example'] });
  const site = await server.core.sites.update(created.key, { settings: { emailDelay } });
  await store.agents.create({ email: 'ann@shop.example', name: 'Ann', role: 'admin', passwordHash: await hashPassword('correct horse') });
  const cookie = await signIn(server, 'ann@shop.example', 'correct horse');
  const agent = await agentSocket(server, cookie);
  await agent.next((f) => f.t === 'conversations');
  return { site, agent, cookie };
}

/**
 * A visitor who gave their email, wrote, and closed the tab: their conversation is waiting for a reply.
 * The site vouches for the address (identify with a valid HMAC) unless `typed`: then the visitor typed it.
 */
export async function leftVisitor(server: TestServer, site: Site, contact: { email: string; name?: string; typed?: boolean }, text = 'Where is my order?') {
  const { socket, welcome } = await helloVisitor(server, site);
  const { typed, ...fields } = contact;
  const userId = `user-${nanoid()}`;
  socket.send({ t: 'identify', ...fields, ...(typed ? {} : { userId, hmac: createHmac('sha256', site.secret).update(userId).digest('hex') }) });
  socket.send({ t: 'send', clientId: nanoid(), text });
  const { conversationId } = await socket.next((f) => f.t === 'ack');
  socket.close();
  const visitorId: string = welcome.visitorId;
  await until(async () => (await server.core.ctx.presence.count('visitor', visitorId)) === 0, 3000, () => 'the visitor to leave');
  return { visitorId, conversationId: conversationId as string, token: welcome.token as string };
}

/** An agent's reply over the console socket, once it is stored. */
export async function reply(agent: TestSocket, conversationId: string, text: string) {
  const clientId = nanoid();
  agent.send({ t: 'send', conversationId, clientId, text });
  return agent.next((f) => f.t === 'ack' && f.clientId === clientId);
}
