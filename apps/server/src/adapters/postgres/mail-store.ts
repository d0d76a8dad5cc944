/**
 * The MailStore on PostgreSQL, a port of sqlite/mail-store.ts on the handle given (the store runs
 * every call in a transaction). Where SQLite's one writer made a read-then-write safe, rows are
 * locked: a draft reads its conversation FOR SHARE (no message can land meanwhile), and an email
 * is claimed FOR UPDATE SKIP LOCKED, so two nodes never take the same one.
 */
import { parseSiteSettings, type MessageEmail } from '@parley/protocol';
import { and, asc, desc, eq, gt, inArray, isNotNull, isNull, lt, lte, ne, or, sql, type SQL } from 'drizzle-orm';
import type { EmailChange, MailStore } from '../../ports/mail-store.ts';
import type { Message } from '../../ports/store.ts';
import type { Db } from './db.ts';
import * as t from './schema.ts';

type OutboxStatus = (typeof t.outbox.$inferSelect)['status'];
type MessageRow = typeof t.messages.$inferSelect;

/** How agents see an outbox status: a send in progress is still queued until it went. */
function toMessageEmail(status: OutboxStatus, lastError: string | null): MessageEmail {
  if (status === 'sent' || status === 'held') return { status, error: null };
  return { status: status === 'failed' ? 'failed' : 'queued', error: lastError };
}

/** The email state of every emailed message matching `where` (a condition on messages), in one query. */
export async function messageEmails(db: Db, where: SQL | undefined): Promise<Map<string, MessageEmail>> {
  const rows = await db
    .select({ messageId: t.outboxMessages.messageId, status: t.outbox.status, lastError: t.outbox.lastError })
    .from(t.outboxMessages)
    .innerJoin(t.outbox, eq(t.outbox.id, t.outboxMessages.outboxId))
    .innerJoin(t.messages, eq(t.messages.id, t.outboxMessages.messageId))
    .where(where)
    .orderBy(asc(t.outbox.createdAt));
  // Later emails win, should a message ever be in two.
  return new Map(rows.map((r) => [r.messageId, toMessageEmail(r.status, r.lastError)]));
}

/** The highest seq the visitor has seen or been emailed: agent replies past it are unseen. */
const handledSeq = sql`greatest(${t.conversations.visitorSeenSeq}, ${t.conversations.emailedSeq})`;

/** `toMessage` is the store's row mapper, names of agents included. */
export function createPostgresMailStore(db: Db, toMessage: (row: MessageRow) => Promise<Message>): MailStore {
  const changeOf = async (outboxId: string, conversationId: string, email: MessageEmail): Promise<EmailChange> => ({
    conversationId,
    messageIds: (
      await db
        .select({ id: t.outboxMessages.messageId })
        .from(t.outboxMessages)
        .innerJoin(t.messages, eq(t.messages.id, t.outboxMessages.messageId))
        .where(eq(t.outboxMessages.outboxId, outboxId))
        .orderBy(asc(t.messages.seq))
    ).map((r) => r.id),
    email,
  });

  const setOutbox = async (id: string, patch: Partial<typeof t.outbox.$inferInsert>) => {
    const [row] = await db
      .update(t.outbox)
      .set(patch)
      .where(eq(t.outbox.id, id))
      .returning({ conversationId: t.outbox.conversationId, status: t.outbox.status, lastError: t.outbox.lastError });
    if (!row) throw new Error(`No outbox email has the id ${id}.`);
    return changeOf(id, row.conversationId, toMessageEmail(row.status, row.lastError));
  };

  const visitorOfConversation = async (conversationId: string) =>
    (
      await db
        .select({ id: t.visitors.id, email: t.visitors.email, emailStatus: t.visitors.emailStatus })
        .from(t.conversations)
        .innerJoin(t.visitors, eq(t.visitors.id, t.conversations.visitorId))
        .where(eq(t.conversations.id, conversationId))
    )[0];

  /** One after the other: the statements share the transaction's one connection. */
  const each = async <T, R>(items: readonly T[], fn: (item: T) => Promise<R>) => {
    const out: R[] = [];
    for (const item of items) out.push(await fn(item));
    return out;
  };

  return {
    async fallbackCandidates(conversationId?: string) {
      const rows = await db
        .select({
          conversationId: t.conversations.id,
          visitorId: t.conversations.visitorId,
          siteSettings: t.sites.settings,
          oldestUnseenAt: sql<number>`min(${t.messages.createdAt})`.mapWith(Number),
        })
        .from(t.conversations)
        .innerJoin(t.visitors, eq(t.visitors.id, t.conversations.visitorId))
        .innerJoin(t.sites, eq(t.sites.id, t.conversations.siteId))
        .innerJoin(t.messages, and(eq(t.messages.conversationId, t.conversations.id), eq(t.messages.author, 'agent'), gt(t.messages.seq, handledSeq)))
        .where(
          and(
            conversationId === undefined ? undefined : eq(t.conversations.id, conversationId),
            gt(t.conversations.lastSeq, handledSeq),
            isNotNull(t.visitors.email),
            ne(t.visitors.email, ''),
            eq(t.visitors.emailStatus, 'ok'),
          ),
        )
        .groupBy(t.conversations.id, t.sites.id);
      return rows.map((row) => ({ ...row, siteSettings: parseSiteSettings(row.siteSettings) }));
    },

    async fallbackDraft(conversationId, contextSize) {
      const [row] = await db
        .select({ c: t.conversations, v: t.visitors, siteName: t.sites.name })
        .from(t.conversations)
        .innerJoin(t.visitors, eq(t.visitors.id, t.conversations.visitorId))
        .innerJoin(t.sites, eq(t.sites.id, t.conversations.siteId))
        .where(eq(t.conversations.id, conversationId))
        // Sending a message locks the conversation for update: held in share mode, the draft reads one moment of it.
        .for('share', { of: t.conversations });
      const address = row?.v.email;
      if (!row || !address) return null;
      const { c, v } = row;
      const inThread = eq(t.messages.conversationId, conversationId);
      const spoken = ne(t.messages.author, 'system');
      const [first] = await db
        .select({ seq: t.messages.seq })
        .from(t.messages)
        .where(and(inThread, eq(t.messages.author, 'agent'), gt(t.messages.seq, Math.max(c.visitorSeenSeq, c.emailedSeq))))
        .orderBy(asc(t.messages.seq))
        .limit(1);
      if (!first) return null;
      const context = (await db.select().from(t.messages).where(and(inThread, spoken, lt(t.messages.seq, first.seq))).orderBy(desc(t.messages.seq)).limit(contextSize)).reverse();
      const unseen = await db.select().from(t.messages).where(and(inThread, spoken, gt(t.messages.seq, first.seq - 1))).orderBy(asc(t.messages.seq));
      const earlierEmails = await db.select({ id: t.outbox.messageIdHeader }).from(t.outbox).where(eq(t.outbox.conversationId, conversationId)).orderBy(asc(t.outbox.createdAt));
      return {
        conversationId,
        visitorId: v.id,
        siteName: row.siteName,
        to: { address, name: v.name },
        timeZone: v.timeZone,
        version: { lastSeq: c.lastSeq, visitorSeenSeq: c.visitorSeenSeq, emailedSeq: c.emailedSeq },
        context: await each(context, toMessage),
        unseen: await each(unseen, toMessage),
        earlierEmails: earlierEmails.map((e) => e.id),
      };
    },

    async queueFallback(draft, email, now, mode = 'send') {
      const replies = draft.unseen.filter((m) => m.author === 'agent');
      const last = replies.at(-1);
      if (!last) return null;
      const visitor = await visitorOfConversation(draft.conversationId);
      if (!visitor || visitor.email !== draft.to.address || visitor.emailStatus !== 'ok') return null;
      const { lastSeq, visitorSeenSeq, emailedSeq } = draft.version;
      const moved = await db
        .update(t.conversations)
        .set({ emailedSeq: last.seq })
        .where(
          and(
            eq(t.conversations.id, draft.conversationId),
            eq(t.conversations.lastSeq, lastSeq),
            eq(t.conversations.visitorSeenSeq, visitorSeenSeq),
            eq(t.conversations.emailedSeq, emailedSeq),
          ),
        )
        .returning({ id: t.conversations.id });
      if (moved.length === 0) return null;
      await db.insert(t.outbox).values({
        id: email.id,
        conversationId: draft.conversationId,
        messageIdHeader: email.messageIdHeader,
        to: draft.to.address,
        subject: email.subject,
        raw: email.raw,
        status: mode === 'hold' ? 'held' : 'queued',
        nextAttemptAt: now,
        createdAt: now,
      });
      if (mode === 'confirm') {
        await db
          .insert(t.emailConfirmations)
          .values({ visitorId: draft.visitorId, address: draft.to.address, requestedAt: now })
          .onConflictDoUpdate({ target: [t.emailConfirmations.visitorId, t.emailConfirmations.address], set: { requestedAt: now } });
      }
      await db.insert(t.outboxMessages).values(replies.map((m) => ({ outboxId: email.id, messageId: m.id })));
      await db.insert(t.continueLinks).values({ tokenHash: email.continueTokenHash, visitorId: draft.visitorId, conversationId: draft.conversationId, expiresAt: email.continueExpiresAt });
      return { conversationId: draft.conversationId, messageIds: replies.map((m) => m.id), email: { status: mode === 'hold' ? 'held' : 'queued', error: null } };
    },

    async addressState(visitorId, address) {
      const [row] = await db
        .select()
        .from(t.emailConfirmations)
        .where(and(eq(t.emailConfirmations.visitorId, visitorId), eq(t.emailConfirmations.address, address)));
      if (row?.confirmedAt != null) return 'confirmed';
      return row?.requestedAt != null ? 'requested' : 'unconfirmed';
    },

    async confirmAddress(visitorId, address, now, continueUntil) {
      await db
        .insert(t.emailConfirmations)
        .values({ visitorId, address, confirmedAt: now })
        .onConflictDoUpdate({ target: [t.emailConfirmations.visitorId, t.emailConfirmations.address], set: { confirmedAt: sql`coalesce(${t.emailConfirmations.confirmedAt}, ${now}::bigint)` } });
      const held = await db
        .select({ id: t.outbox.id })
        .from(t.outbox)
        .innerJoin(t.conversations, eq(t.conversations.id, t.outbox.conversationId))
        .where(and(eq(t.conversations.visitorId, visitorId), eq(t.outbox.to, address), eq(t.outbox.status, 'held')))
        .orderBy(asc(t.outbox.createdAt))
        // Two confirmations at once (two nodes): the second waits, then finds the rows queued already.
        .for('update', { of: t.outbox });
      if (held.length === 0) return [];
      await db
        .update(t.continueLinks)
        .set({ expiresAt: sql`greatest(${t.continueLinks.expiresAt}, ${continueUntil}::bigint)` })
        .where(and(eq(t.continueLinks.visitorId, visitorId), isNull(t.continueLinks.usedAt)));
      return each(held, (h) => setOutbox(h.id, { status: 'queued', nextAttemptAt: now }));
    },

    async continueTarget(tokenHash, now) {
      const [row] = await db
        .select({ pageUrl: t.visitors.pageUrl, origins: t.sites.origins })
        .from(t.continueLinks)
        .innerJoin(t.visitors, eq(t.visitors.id, t.continueLinks.visitorId))
        .innerJoin(t.sites, eq(t.sites.id, t.visitors.siteId))
        .where(and(eq(t.continueLinks.tokenHash, tokenHash), isNull(t.continueLinks.usedAt), gt(t.continueLinks.expiresAt, now)));
      return row ?? null;
    },

    async consumeContinueLink(tokenHash, now) {
      // One conditional UPDATE: of two tabs racing for the same link, exactly one gets the row back.
      const [row] = await db
        .update(t.continueLinks)
        .set({ usedAt: now })
        .where(and(eq(t.continueLinks.tokenHash, tokenHash), isNull(t.continueLinks.usedAt), gt(t.continueLinks.expiresAt, now)))
        .returning({ visitorId: t.continueLinks.visitorId, conversationId: t.continueLinks.conversationId });
      return row ?? null;
    },

    async setEmailStatus(visitorId, status) {
      await db.update(t.visitors).set({ emailStatus: status }).where(eq(t.visitors.id, visitorId));
      const conversationIds = (await db.select({ id: t.conversations.id }).from(t.conversations).where(eq(t.conversations.visitorId, visitorId))).map((r) => r.id);
      if (status === 'ok') return { conversationIds, failed: [] };
      const queued = await db
        .select({ id: t.outbox.id })
        .from(t.outbox)
        .innerJoin(t.conversations, eq(t.conversations.id, t.outbox.conversationId))
        .where(and(eq(t.conversations.visitorId, visitorId), inArray(t.outbox.status, ['queued', 'held'])))
        .for('update', { of: t.outbox });
      return { conversationIds, failed: await each(queued, (q) => setOutbox(q.id, { status: 'failed', lastError: status })) };
    },

    async requeueInterrupted(now) {
      const rows = await db
        .update(t.outbox)
        .set({ status: 'queued', nextAttemptAt: now, sendingUntil: null })
        .where(and(eq(t.outbox.status, 'sending'), or(isNull(t.outbox.sendingUntil), lte(t.outbox.sendingUntil, now))))
        .returning({ id: t.outbox.id });
      return rows.length;
    },

    async claimDueEmail(now, sendingUntil) {
      const failed: EmailChange[] = [];
      for (;;) {
        const [row] = await db
          .select({ o: t.outbox, emailStatus: t.visitors.emailStatus })
          .from(t.outbox)
          .innerJoin(t.conversations, eq(t.conversations.id, t.outbox.conversationId))
          .innerJoin(t.visitors, eq(t.visitors.id, t.conversations.visitorId))
          .where(and(eq(t.outbox.status, 'queued'), lte(t.outbox.nextAttemptAt, now)))
          .orderBy(asc(t.outbox.nextAttemptAt))
          .limit(1)
          // Another node's claim holds its row until it commits 'sending': this one takes the next.
          .for('update', { of: t.outbox, skipLocked: true });
        if (!row) return { claimed: null, failed };
        const { o, emailStatus } = row;
        if (emailStatus !== 'ok') {
          failed.push(await setOutbox(o.id, { status: 'failed', lastError: emailStatus }));
          continue;
        }
        const change = await setOutbox(o.id, { status: 'sending', attempts: o.attempts + 1, sendingUntil });
        return { claimed: { id: o.id, to: o.to, messageIdHeader: o.messageIdHeader, raw: o.raw, attempts: o.attempts + 1, change }, failed };
      }
    },

    markEmailSent: (id, now) => setOutbox(id, { status: 'sent', sentAt: now, sendingUntil: null }),

    markEmailRetry: (id, error, nextAttemptAt) => setOutbox(id, { status: 'queued', lastError: error, nextAttemptAt, sendingUntil: null }),

    async markEmailFailed(id, error) {
      const change = await setOutbox(id, { status: 'failed', lastError: error, sendingUntil: null });
      return { change, visitorId: (await visitorOfConversation(change.conversationId))!.id };
    },

    listOutbox: (limit) =>
      db
        .select({
          id: t.outbox.id,
          conversationId: t.outbox.conversationId,
          to: t.outbox.to,
          subject: t.outbox.subject,
          status: t.outbox.status,
          attempts: t.outbox.attempts,
          lastError: t.outbox.lastError,
          createdAt: t.outbox.createdAt,
          sentAt: t.outbox.sentAt,
          messageIdHeader: t.outbox.messageIdHeader,
        })
        .from(t.outbox)
        .orderBy(desc(t.outbox.createdAt), desc(t.outbox.id))
        .limit(limit),
  };
}
