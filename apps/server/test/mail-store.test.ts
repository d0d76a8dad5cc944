import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashToken } from '../src/core/auth/tokens.ts';
import { composeFallback, mailSender } from '../src/core/mail/compose.ts';
import { failureOf, retryDelay } from '../src/core/mail/outbox-worker.ts';
import { readConfig } from '../src/config.ts';
import { openDatabase } from '../src/adapters/sqlite/db.ts';
import { createSqliteStore } from '../src/adapters/sqlite/store.ts';
import type { Store } from '../src/ports/store.ts';

let dir: string;
let store: Store;
const sender = mailSender(readConfig({ MAIL_FROM: 'Shop <chat@shop.example>', PARLEY_PUBLIC_URL: 'https://chat.shop.example' }), 'secret');

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'parley-mail-store-'));
  const { db, sqlite } = openDatabase(join(dir, 'parley.db'));
  store = createSqliteStore(db, sqlite);
});
afterEach(() => {
  store.dispose();
  rmSync(dir, { recursive: true, force: true });
});

/** A visitor with an address, their question, and `replies` agent replies. */
async function conversation(replies = 2) {
  const site = await store.createSite({ name: 'Shop', origins: ['https://shop.example'] });
  const visitor = await store.createVisitor({ siteId: site.id, tokenHash: 'h' });
  await store.updateVisitor(visitor.id, { email: 'ada@example.com' });
  const { conversation } = await store.appendVisitorMessage({ siteId: site.id, visitorId: visitor.id, clientId: 'v', text: 'Hi', at: 1 });
  const agent = await store.createAgent({ email: 'ann@shop.example', name: 'Ann', role: 'agent', passwordHash: 'x' });
  for (let i = 0; i < replies; i++) await store.appendAgentMessage({ conversationId: conversation.id, agentId: agent.id, clientId: `a${i}`, text: `Reply ${i}`, at: 2 + i });
  return { conversationId: conversation.id, visitorId: visitor.id };
}

async function queue(conversationId: string, now = 10) {
  const draft = (await store.fallbackDraft(conversationId, 5))!;
  return { draft, change: await store.queueFallback(draft, await composeFallback(draft, sender, now), now) };
}

describe('mail store', () => {
  it('raises visitorSeenSeq only, and never past the last message', async () => {
    const { conversationId } = await conversation(2);
    await store.markVisitorSeen(conversationId, 2);
    await store.markVisitorSeen(conversationId, 1);
    expect((await store.summary(conversationId))?.visitorSeenSeq).toBe(2);
    await store.markVisitorSeen(conversationId, 99);
    expect((await store.summary(conversationId))?.visitorSeenSeq).toBe(3);
    expect(await store.fallbackCandidates()).toEqual([]);
  });

  it('finds unseen replies, and queues them once with emailedSeq moved past them', async () => {
    const { conversationId, visitorId } = await conversation(2);
    await store.markVisitorSeen(conversationId, 2);
    expect(await store.fallbackCandidates()).toEqual([{ conversationId, visitorId, siteSettings: {}, oldestUnseenAt: 3 }]);
    const { draft, change } = await queue(conversationId);
    expect(draft.context.map((m) => m.text)).toEqual(['Hi', 'Reply 0']);
    expect(draft.unseen.map((m) => m.text)).toEqual(['Reply 1']);
    expect(change).toMatchObject({ conversationId, email: { status: 'queued', error: null } });
    expect(await store.fallbackCandidates()).toEqual([]);
    expect(await store.queueFallback(draft, await composeFallback(draft, sender, 11), 11)).toBeNull();
    expect(await store.listOutbox(10)).toHaveLength(1);
  });

  it('refuses a draft the conversation moved past while the email was built', async () => {
    const { conversationId } = await conversation(1);
    const draft = (await store.fallbackDraft(conversationId, 5))!;
    const email = await composeFallback(draft, sender, 10);
    await store.markVisitorSeen(conversationId, 2);
    expect(await store.queueFallback(draft, email, 10)).toBeNull();
    expect(await store.listOutbox(10)).toEqual([]);
    expect(await store.consumeContinueLink(email.continueTokenHash, 10)).toBeNull();
  });

  it("shows each message's email state in history: queued while sending, failed with its reason", async () => {
    const { conversationId } = await conversation(1);
    const { change } = await queue(conversationId);
    const state = async () => (await store.messagesSince(conversationId, 0)).map((m) => m.email);
    expect(await state()).toEqual([null, { status: 'queued', error: null }]);
    const { claimed } = await store.claimDueEmail(10);
    expect(claimed).toMatchObject({ attempts: 1, change });
    expect(await state()).toEqual([null, { status: 'queued', error: null }]);
    expect(await store.claimDueEmail(10)).toEqual({ claimed: null, failed: [] });
    await store.markEmailRetry(claimed!.id, '421 try later', 20);
    expect(await state()).toEqual([null, { status: 'queued', error: '421 try later' }]);
    expect((await store.claimDueEmail(19)).claimed).toBeNull();
    await store.claimDueEmail(20);
    await store.markEmailFailed(claimed!.id, '550 no such user');
    expect(await state()).toEqual([null, { status: 'failed', error: '550 no such user' }]);
  });

  it('puts rows a crash left in sending back in the queue, same bytes', async () => {
    const { conversationId } = await conversation(1);
    await queue(conversationId);
    const { claimed } = await store.claimDueEmail(10);
    expect(await store.requeueInterrupted(50)).toBe(1);
    const again = (await store.claimDueEmail(50)).claimed!;
    expect(again).toMatchObject({ id: claimed!.id, messageIdHeader: claimed!.messageIdHeader, raw: claimed!.raw, attempts: 2 });
  });

  it('uses a continue link once, atomically', async () => {
    const { conversationId, visitorId } = await conversation(1);
    const draft = (await store.fallbackDraft(conversationId, 5))!;
    const email = { ...(await composeFallback(draft, sender, 10)), continueTokenHash: hashToken('t'), continueExpiresAt: 100 };
    await store.queueFallback(draft, email, 10);
    expect(await store.consumeContinueLink(hashToken('t'), 100)).toBeNull();
    const results = await Promise.all([store.consumeContinueLink(hashToken('t'), 50), store.consumeContinueLink(hashToken('t'), 50)]);
    expect(results.filter(Boolean)).toEqual([{ visitorId, conversationId }]);
  });
});

describe('retries', () => {
  it('backs off exponentially from the base, with jitter, capped at an hour', () => {
    expect([1, 2, 3].map((n) => retryDelay(n, 30_000, () => 1))).toEqual([30_000, 60_000, 120_000]);
    expect(retryDelay(1, 30_000, () => 0)).toBe(15_000);
    expect(retryDelay(20, 30_000, () => 1)).toBe(3_600_000);
  });

  it('gives up on 5xx for the recipient or the message, and calls 550/551/553 to RCPT a bounce', () => {
    expect(failureOf({ message: 'x', responseCode: 550, command: 'RCPT TO' })).toMatchObject({ permanent: true, bounced: true });
    expect(failureOf({ message: 'x', responseCode: 554, command: 'DATA' })).toMatchObject({ permanent: true, bounced: false });
    expect(failureOf({ message: 'x', responseCode: 451, command: 'RCPT TO' })).toMatchObject({ permanent: false });
    expect(failureOf({ message: 'x', responseCode: 535, command: 'AUTH PLAIN' })).toMatchObject({ permanent: false });
    expect(failureOf(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ESOCKET' }))).toMatchObject({ permanent: false, reason: 'connect ECONNREFUSED' });
  });
});
