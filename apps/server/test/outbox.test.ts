import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OutboxItem } from '@parley/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { hashToken, newToken } from '../src/core/auth/tokens.ts';
import { parseSiteSettings } from '@parley/protocol';
import { openSqliteStore } from '../src/adapters/sqlite/store.ts';
import { startTestServer, type TestServer } from './harness.ts';
import { FAST_MAIL, leftVisitor, mailSite, reply, type SmtpSink, sleep, startSmtpSink, until } from './mail-harness.ts';

const cleanup: Array<() => unknown> = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

async function mailServer(env: Record<string, string> = {}, dataDir?: string): Promise<TestServer> {
  const server = await startTestServer(dataDir, env, FAST_MAIL);
  cleanup.push(() => server.destroy());
  return server;
}

async function sink(options: Parameters<typeof startSmtpSink>[0] = {}): Promise<SmtpSink> {
  const started = await startSmtpSink(options);
  cleanup.push(() => started.close());
  return started;
}

describe('outbox delivery', () => {
  it('keeps retrying while SMTP is down and then delivers every email exactly once', async () => {
    const port = await freePort();
    const server = await mailServer({ SMTP_URL: `smtp://127.0.0.1:${port}` });
    const { site, agent } = await mailSite(server, 0);
    cleanup.push(() => agent.close());
    for (const email of ['ada@example.com', 'bob@example.com']) {
      const { conversationId } = await leftVisitor(server, site, { email });
      await reply(agent, conversationId, `Hello ${email}`);
    }
    const { store } = server;
    await until(async () => {
      const items = await store.mail.listOutbox(10);
      return items.length === 2 && items.every((i) => i.attempts >= 3 && i.status !== 'sent');
    }, 8000, () => 'three failed attempts each');
    const [item] = await store.mail.listOutbox(10);
    expect(item!.lastError).toMatch(/ECONNREFUSED|connect/i);
    expect(agent.frames.some((f) => f.t === 'email' && f.email.status === 'queued' && /ECONNREFUSED|connect/i.test(f.email.error ?? ''))).toBe(true);

    const up = await sink({ port });
    await up.waitFor(2, 8000);
    await until(async () => (await store.mail.listOutbox(10)).every((i) => i.status === 'sent'), 3000, () => 'both rows marked sent');
    await sleep(500);
    expect(up.deliveries).toHaveLength(2);
    expect(up.deliveries.map((d) => d.to[0]).sort()).toEqual(['ada@example.com', 'bob@example.com']);
    expect(new Set(up.deliveries.map((d) => d.mail.messageId)).size).toBe(2);
    await agent.next((f) => f.t === 'email' && f.email.status === 'sent');
  });

  it('fails an email for good on a 550 for the recipient, and stops mail to that address', async () => {
    const rejecting = await sink({ rejectRcpt: (address) => (address === 'gone@example.com' ? 'No such user here' : null) });
    const server = await mailServer({ SMTP_URL: `smtp://127.0.0.1:${rejecting.port}` });
    const { site, agent } = await mailSite(server, 0);
    cleanup.push(() => agent.close());
    const { conversationId, visitorId } = await leftVisitor(server, site, { email: 'gone@example.com' });
    await reply(agent, conversationId, 'Hello?');
    const failed = await agent.next((f) => f.t === 'email' && f.email.status === 'failed', 4000);
    expect(failed.email.error).toMatch(/550/);
    const [item] = await server.store.mail.listOutbox(10);
    expect(item).toMatchObject({ status: 'failed', attempts: 1 });
    expect((await server.store.visitors.byId(visitorId))?.emailStatus).toBe('bounced');
    await agent.next((f) => f.t === 'conversation' && f.item.visitor.emailStatus === 'bounced');
    await reply(agent, conversationId, 'Anyone?');
    await sleep(400);
    expect(await server.store.mail.listOutbox(10)).toHaveLength(1);
  });

  it('without SMTP_URL writes one .eml file per email into the data dir', async () => {
    const server = await mailServer();
    const { site, agent, cookie } = await mailSite(server, 0);
    cleanup.push(() => agent.close());
    for (const email of ['ada@example.com', 'bob@example.com']) {
      const { conversationId } = await leftVisitor(server, site, { email });
      await reply(agent, conversationId, `Hello ${email}`);
    }
    const outbox = join(server.dataDir, 'outbox');
    await until(async () => (await server.store.mail.listOutbox(10)).filter((i) => i.status === 'sent').length === 2);
    const files = readdirSync(outbox);
    expect(files).toHaveLength(2);
    expect(files.every((f) => /^[A-Za-z0-9_-]+@localhost\.eml$/.test(f))).toBe(true);
    const raws = files.map((f) => readFileSync(join(outbox, f), 'utf8'));
    expect(raws.map((r) => /^To: (.*)$/m.exec(r)?.[1]).sort()).toEqual(['ada@example.com', 'bob@example.com']);
    expect(raws.every((r) => /^From: Parley <no-reply@localhost>$/m.test(r))).toBe(true);
    // Reply-by-email is off: the email does not invite replies, and offers no mailto unsubscribe.
    expect(raws.some((r) => /mailto:|reply to this email/i.test(r))).toBe(false);
    expect(raws.every((r) => /^List-Unsubscribe:\s+<http:\/\/localhost:3999\/u\/[^>]+>\r\n\S/m.test(r))).toBe(true);

    const res = await fetch(`${server.url}/api/mail`, { headers: { cookie } });
    const { items } = (await res.json()) as { items: OutboxItem[] };
    expect(items.map((i) => i.file).sort()).toEqual(files.map((f) => join(outbox, f)).sort());
  });

  it('a stop during a stuck send waits a moment, then leaves the email to the next start', async () => {
    const smtp = await sink({ holding: true });
    const dataDir = mkdtempSync(join(tmpdir(), 'parley-stop-'));
    const env = { SMTP_URL: `smtp://127.0.0.1:${smtp.port}` };
    const server = await startTestServer(dataDir, env, FAST_MAIL);
    const { site, agent } = await mailSite(server, 0);
    const { conversationId } = await leftVisitor(server, site, { email: 'ada@example.com' });
    await reply(agent, conversationId, 'Hello Ada');
    await smtp.waitFor(1);
    const stopping = Date.now();
    await server.stop();
    expect(Date.now() - stopping).toBeLessThan(4000);

    smtp.holding = false;
    const again = await mailServer(env, dataDir);
    await smtp.waitFor(2);
    await until(async () => (await again.store.mail.listOutbox(1))[0]?.status === 'sent');
    expect((await again.store.mail.listOutbox(1))[0]).toMatchObject({ status: 'sent', attempts: 2 });
    expect(new Set(smtp.deliveries.map((d) => d.mail.messageId)).size).toBe(1);
    expect(smtp.deliveries.filter((d) => d.acknowledged)).toHaveLength(1);
  });
});

/**
 * A crash mid-send, in a real separate process killed with SIGKILL.
 *
 * What is guaranteed: the attempt is recorded before the send, so an email whose send was cut
 * short is sent again by the next start, with the same Message-ID and the same bytes. Whether the
 * receiving server kept the interrupted copy (it had the whole message but had not answered 250) is
 * up to that server; either way, counting by Message-ID, the visitor gets exactly one email.
 */
describe('a crash during a send', () => {
  const children: ChildProcess[] = [];
  afterEach(() => {
    for (const child of children.splice(0)) child.kill('SIGKILL');
  });

  function startProcess(env: Record<string, string>): Promise<ChildProcess> {
    const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'mail-server-process.ts')], {
      cwd: join(import.meta.dirname, '..'),
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    children.push(child);
    return new Promise((resolve, reject) => {
      child.stdout!.once('data', () => resolve(child));
      child.once('exit', (code) => reject(new Error(`the server process exited (${code}) before it listened`)));
    });
  }

  /** The scene, written straight into the data dir: a visitor who left, and two replies older than the delay (0). */
  async function prepare(dataDir: string): Promise<string[]> {
    const store = openSqliteStore(join(dataDir, 'parley.db'));
    const site = await store.sites.create({ name: 'Shop', origins: ['https://shop.example'] });
    await store.sites.update(site.key, { settings: parseSiteSettings({ emailDelay: 0 }) });
    const visitor = await store.visitors.create({ siteId: site.id, tokenHash: hashToken(newToken()) });
    await store.visitors.update(visitor.id, { email: 'ada@example.com', name: 'Ada' });
    const conversation = await store.conversations.ensureOfVisitor({ siteId: site.id, visitorId: visitor.id, at: Date.now() });
    await store.messages.append(conversation, { clientId: 'v1', text: 'Hello?', at: Date.now(), author: 'visitor', agentId: null });
    const agent = await store.agents.create({ email: 'ann@shop.example', name: 'Ann', role: 'admin', passwordHash: 'x' });
    const ids = [];
    for (const text of ['Hi Ada!', 'Your order ships today.']) {
      ids.push((await store.messages.append(conversation, { clientId: text, text, at: Date.now(), author: 'agent', agentId: agent.id })).message.id);
    }
    await store.close();
    return ids;
  }

  async function outboxRows(dataDir: string) {
    const store = openSqliteStore(join(dataDir, 'parley.db'));
    try {
      return await store.mail.listOutbox(10);
    } finally {
      await store.close();
    }
  }

  it('sends the interrupted email again after a restart: it arrives, once by Message-ID, byte for byte the same', { timeout: 60_000 }, async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'parley-crash-'));
    cleanup.push(() => rmSync(dataDir, { recursive: true, force: true }));
    await prepare(dataDir);
    const smtp = await sink({ holding: true });
    const env = { PORT: '0', PARLEY_DATA_DIR: dataDir, SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, MAIL_FROM: 'Shop <chat@shop.example>' };

    const first = await startProcess(env);
    // The whole message reached the SMTP server, which has not answered yet: kill Parley now.
    const [interrupted] = await smtp.waitFor(1, 15_000);
    first.kill('SIGKILL');
    await new Promise((resolve) => first.once('exit', resolve));
    expect(await outboxRows(dataDir)).toMatchObject([{ status: 'sending', attempts: 1 }]);

    smtp.holding = false;
    await startProcess(env);
    await smtp.waitFor(2, 15_000);
    await until(async () => (await outboxRows(dataDir))[0]?.status === 'sent', 5000, () => 'the row marked sent');
    await sleep(500);

    const rows = await outboxRows(dataDir);
    expect(rows).toMatchObject([{ status: 'sent', attempts: 2 }]);
    const accepted = smtp.deliveries.filter((d) => d.acknowledged);
    expect(accepted).toHaveLength(1);
    expect(accepted[0]!.raw).toBe(interrupted!.raw);
    // Every copy that ever reached the server, the unanswered one included, is the same email.
    expect(new Set(smtp.deliveries.map((d) => d.mail.messageId))).toEqual(new Set([interrupted!.mail.messageId]));
    expect(smtp.deliveries).toHaveLength(2);
    expect(accepted[0]!.mail.text).toMatch(/Hi Ada![^]*Your order ships today\./);
  });
});
