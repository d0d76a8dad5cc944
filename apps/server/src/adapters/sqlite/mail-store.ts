/** The MailStore on SQLite: each method is one statement or one transaction, like the rest of the store. */
import { parseSiteSettings, type MessageEmail } from '@parley/protocol';
import type { Message } from '../../ports/store.ts';
import { and, asc, desc, eq, gt, inArray, isNotNull, isNull, lt, lte, ne, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from './db.ts';
import type { EmailChange, MailStore } from '../../ports/mail-store.ts';
import * as t from './schema.ts';

type OutboxStatus = (typeof t.outbox.$inferSelect)['status'];
type MessageRow = typeof t.messages.$inferSelect;

/** How agents see an outbox status: a send in progress is still queued until it went. */
function toMessageEmail(status: OutboxStatus, lastError: string | null): MessageEmail {
  if (status === 'sent' || status === 'held') return { status, error: null };
  return { status: status === 'failed' ? 'failed' : 'queued', error: lastError };
}

/** The email state of every emailed message matching `where` (a condition on messages), in one query. */
export function messageEmails(db: Db, where: SQL | undefined): Map<string, MessageEmail> {
  const rows = db
    .select({ messageId: t.outboxMessages.messageId, status: t.outbox.status, lastError: t.outbox.lastError })
    .from(t.outboxMessages)
    .innerJoin(t.outbox, eq(t.outbox.id, t.outboxMessages.outboxId))
    .innerJoin(t.messages, eq(t.messages.id, t.outboxMessages.messageId))
    .where(where)
    .orderBy(asc(t.outbox.createdAt))
    .all();
  // Later emails win, should a message ever be in two.
  return new Map(rows.map((r) => [r.messageId, toMessageEmail(r.status, r.lastError)]));
}

/** The highest seq the visitor has seen or been emailed: agent replies past it are unseen. */
const handledSeq = sql`max(${t.conversations.visitorSeenSeq}, ${t.conversations.emailedSeq})`;

/** The MailStore's methods, synchronous: the store makes them async under its lock. */
type Sync<T> = { [K in keyof T]: T[K] extends (...args: infer A) => Promise<infer R> ? (...args: A) => R : never };

/** `toMessage` is the store's row mapper, names of agents included. */
export function createSqliteMailStore(db: Db, toMessage: (row: MessageRow) => Message): Sync<MailStore> {
  const changeOf = (outboxId: string, conversationId: string, email: MessageEmail): EmailChange => ({
    conversationId,
    messageIds: db
      .select({ id: t.outboxMessages.messageId })
      .from(t.outboxMessages)
      .innerJoin(t.messages, eq(t.messages.id, t.outboxMessages.messageId))
      .where(eq(t.outboxMessages.outboxId, outboxId))
      .orderBy(asc(t.messages.seq))
      .all()
      .map((r) => r.id),
    email,
  });

  const setOutbox = (id: string, patch: Partial<typeof t.outbox.$inferInsert>) => {
    const row = db
      .update(t.outbox)
      .set(patch)
      .where(eq(t.outbox.id, id))
      .returning({ conversationId: t.outbox.conversationId, status: t.outbox.status, lastError: t.outbox.lastError })
      .get();
    if (!row) throw new Error(`No outbox email has the id ${id}.`);
    return changeOf(id, row.conversationId, toMessageEmail(row.status, row.lastError));
  };

  const visitorOfConversation = (conversationId: string) =>
    db
      .select({ id: t.visitors.id, email: t.visitors.email, emailStatus: t.visitors.emailStatus })
      .from(t.conversations)
      .innerJoin(t.visitors, eq(t.visitors.id, t.conversations.visitorId))
      .where(eq(t.conversations.id, conversationId))
      .get();

  return {
    fallbackCandidates(conversationId?: string) {
      return db
        .select({
          conversationId: t.conversations.id,
          visitorId: t.conversations.visitorId,
          siteSettings: t.sites.settings,
          oldestUnseenAt: sql<number>`min(${t.messages.createdAt})`,
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
        .groupBy(t.conversations.id)
        .all()
        .map((row) => ({ ...row, siteSettings: parseSiteSettings(row.siteSettings) }));
    },

    fallbackDraft(conversationId, contextSize) {
      return db.transaction(() => {
        const row = db
          .select({ c: t.conversations, v: t.visitors, siteName: t.sites.name })
          .from(t.conversations)
          .innerJoin(t.visitors, eq(t.visitors.id, t.conversations.visitorId))
          .innerJoin(t.sites, eq(t.sites.id, t.conversations.siteId))
          .where(eq(t.conversations.id, conversationId))
          .get();
        const address = row?.v.email;
        if (!row || !address) return null;
        const { c, v } = row;
        const inThread = eq(t.messages.conversationId, conversationId);
        const spoken = ne(t.messages.author, 'system');
        const first = db
          .select({ seq: t.messages.seq })
          .from(t.messages)
          .where(and(inThread, eq(t.messages.author, 'agent'), gt(t.messages.seq, Math.max(c.visitorSeenSeq, c.emailedSeq))))
          .orderBy(asc(t.messages.seq))
          .get();
        if (!first) return null;
        const context = db
          .select()
          .from(t.messages)
          .where(and(inThread, spoken, lt(t.messages.seq, first.seq)))
          .orderBy(desc(t.messages.seq))
          .limit(contextSize)
          .all()
          .reverse();
        const unseen = db
          .select()
          .from(t.messages)
          .where(and(inThread, spoken, gt(t.messages.seq, first.seq - 1)))
          .orderBy(asc(t.messages.seq))
          .all();
        const earlierEmails = db
          .select({ id: t.outbox.messageIdHeader })
          .from(t.outbox)
          .where(eq(t.outbox.conversationId, conversationId))
          .orderBy(asc(t.outbox.createdAt))
          .all();
        return {
          conversationId,
          visitorId: v.id,
          siteName: row.siteName,
          to: { address, name: v.name },
          timeZone: v.timeZone,
          version: { lastSeq: c.lastSeq, visitorSeenSeq: c.visitorSeenSeq, emailedSeq: c.emailedSeq },
          context: context.map((m) => toMessage(m)),
          unseen: unseen.map((m) => toMessage(m)),
          earlierEmails: earlierEmails.map((e) => e.id),
        };
      });
    },

    queueFallback(draft, email, now, mode = 'send') {
      const replies = draft.unseen.filter((m) => m.author === 'agent');
      const last = replies.at(-1);
      if (!last) return null;
      return db.transaction(() => {
        const visitor = visitorOfConversation(draft.conversationId);
        if (!visitor || visitor.email !== draft.to.address || visitor.emailStatus !== 'ok') return null;
        const { lastSeq, visitorSeenSeq, emailedSeq } = draft.version;
        const moved = db
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
          .run();
        if (moved.changes === 0) return null;
        db.insert(t.outbox)
          .values({
            id: email.id,
            conversationId: draft.conversationId,
            messageIdHeader: email.messageIdHeader,
            to: draft.to.address,
            subject: email.subject,
            raw: email.raw,
            status: mode === 'hold' ? 'held' : 'queued',
            nextAttemptAt: now,
            createdAt: now,
          })
          .run();
        if (mode === 'confirm') {
          db.insert(t.emailConfirmations)
            .values({ visitorId: draft.visitorId, address: draft.to.address, requestedAt: now })
            .onConflictDoUpdate({ target: [t.emailConfirmations.visitorId, t.emailConfirmations.address], set: { requestedAt: now } })
            .run();
        }
        db.insert(t.outboxMessages)
          .values(replies.map((m) => ({ outboxId: email.id, messageId: m.id })))
          .run();
        db.insert(t.continueLinks)
          .values({ tokenHash: email.continueTokenHash, visitorId: draft.visitorId, conversationId: draft.conversationId, expiresAt: email.continueExpiresAt })
          .run();
        return { conversationId: draft.conversationId, messageIds: replies.map((m) => m.id), email: { status: mode === 'hold' ? 'held' : 'queued', error: null } };
      });
    },

    addressState(visitorId, address) {
      const row = db
        .select()
        .from(t.emailConfirmations)
        .where(and(eq(t.emailConfirmations.visitorId, visitorId), eq(t.emailConfirmations.address, address)))
        .get();
      if (row?.confirmedAt != null) return 'confirmed';
      return row?.requestedAt != null ? 'requested' : 'unconfirmed';
    },

    confirmAddress(visitorId, address, now, continueUntil) {
      return db.transaction(() => {
        db.insert(t.emailConfirmations)
          .values({ visitorId, address, confirmedAt: now })
          .onConflictDoUpdate({ target: [t.emailConfirmations.visitorId, t.emailConfirmations.address], set: { confirmedAt: sql`coalesce(${t.emailConfirmations.confirmedAt}, ${now})` } })
          .run();
        const held = db
          .select({ id: t.outbox.id })
          .from(t.outbox)
          .innerJoin(t.conversations, eq(t.conversations.id, t.outbox.conversationId))
          .where(and(eq(t.conversations.visitorId, visitorId), eq(t.outbox.to, address), eq(t.outbox.status, 'held')))
          .orderBy(asc(t.outbox.createdAt))
          .all();
        if (held.length === 0) return [];
        db.update(t.continueLinks)
          .set({ expiresAt: sql`max(${t.continueLinks.expiresAt}, ${continueUntil})` })
          .where(and(eq(t.continueLinks.visitorId, visitorId), isNull(t.continueLinks.usedAt)))
          .run();
        return held.map((h) => setOutbox(h.id, { status: 'queued', nextAttemptAt: now }));
      });
    },

    continueTarget(tokenHash, now) {
      return (
        db
          .select({ pageUrl: t.visitors.pageUrl, origins: t.sites.origins })
          .from(t.continueLinks)
          .innerJoin(t.visitors, eq(t.visitors.id, t.continueLinks.visitorId))
          .innerJoin(t.sites, eq(t.sites.id, t.visitors.siteId))
          .where(and(eq(t.continueLinks.tokenHash, tokenHash), isNull(t.continueLinks.usedAt), gt(t.continueLinks.expiresAt, now)))
          .get() ?? null
      );
    },

    consumeContinueLink(tokenHash, now) {
      // One conditional UPDATE: of two tabs racing for the same link, exactly one gets the row back.
      return (
        db
          .update(t.continueLinks)
          .set({ usedAt: now })
          .where(and(eq(t.continueLinks.tokenHash, tokenHash), isNull(t.continueLinks.usedAt), gt(t.continueLinks.expiresAt, now)))
          .returning({ visitorId: t.continueLinks.visitorId, conversationId: t.continueLinks.conversationId })
          .get() ?? null
      );
    },

    setEmailStatus(visitorId, status) {
      return db.transaction(() => {
        db.update(t.visitors).set({ emailStatus: status }).where(eq(t.visitors.id, visitorId)).run();
        const conversationIds = db
          .select({ id: t.conversations.id })
          .from(t.conversations)
          .where(eq(t.conversations.visitorId, visitorId))
          .all()
          .map((r) => r.id);
        if (status === 'ok') return { conversationIds, failed: [] };
        const queued = db
          .select({ id: t.outbox.id })
          .from(t.outbox)
          .innerJoin(t.conversations, eq(t.conversations.id, t.outbox.conversationId))
          .where(and(eq(t.conversations.visitorId, visitorId), inArray(t.outbox.status, ['queued', 'held'])))
          .all();
        return { conversationIds, failed: queued.map((q) => setOutbox(q.id, { status: 'failed', lastError: status })) };
      });
    },

    requeueInterrupted(now) {
      return db
        .update(t.outbox)
        .set({ status: 'queued', nextAttemptAt: now, sendingUntil: null })
        .where(and(eq(t.outbox.status, 'sending'), or(isNull(t.outbox.sendingUntil), lte(t.outbox.sendingUntil, now))))
        .run().changes;
    },

    claimDueEmail(now, sendingUntil) {
      return db.transaction(() => {
        const failed: EmailChange[] = [];
        for (;;) {
          const row = db
            .select({ o: t.outbox, emailStatus: t.visitors.emailStatus })
            .from(t.outbox)
            .innerJoin(t.conversations, eq(t.conversations.id, t.outbox.conversationId))
            .innerJoin(t.visitors, eq(t.visitors.id, t.conversations.visitorId))
            .where(and(eq(t.outbox.status, 'queued'), lte(t.outbox.nextAttemptAt, now)))
            .orderBy(asc(t.outbox.nextAttemptAt))
            .get();
          if (!row) return { claimed: null, failed };
          const { o, emailStatus } = row;
          if (emailStatus !== 'ok') {
            failed.push(setOutbox(o.id, { status: 'failed', lastError: emailStatus }));
            continue;
          }
          const change = setOutbox(o.id, { status: 'sending', attempts: o.attempts + 1, sendingUntil });
          return { claimed: { id: o.id, to: o.to, messageIdHeader: o.messageIdHeader, raw: o.raw, attempts: o.attempts + 1, change }, failed };
        }
      });
    },

    markEmailSent(id, now) {
      return setOutbox(id, { status: 'sent', sentAt: now, sendingUntil: null });
    },

    markEmailRetry(id, error, nextAttemptAt) {
      return setOutbox(id, { status: 'queued', lastError: error, nextAttemptAt, sendingUntil: null });
    },

    markEmailFailed(id, error) {
      return db.transaction(() => {
        const change = setOutbox(id, { status: 'failed', lastError: error, sendingUntil: null });
        return { change, visitorId: visitorOfConversation(change.conversationId)!.id };
      });
    },

    listOutbox(limit) {
      return db
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
        .limit(limit)
        .all();
    },
  };
}
