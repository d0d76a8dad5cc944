/** The NotificationStore on SQLite: each method one statement (or a few in the caller's transaction), like the rest of the store. */
import { and, count, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { nanoid } from 'nanoid';
import type { NewNotification, NotificationRecord, ReadTarget } from '../../ports/notification-store.ts';
import type { Db } from './db.ts';
import * as t from './schema.ts';

export function createSqliteNotificationStore(db: Db) {
  const n = t.notifications;
  return {
    add(items: readonly NewNotification[]): NotificationRecord[] {
      if (items.length === 0) return [];
      return db
        .insert(n)
        .values(items.map((item) => ({ ...item, id: nanoid() })))
        .returning()
        .all();
    },
    latest(agentId: string, limit: number): NotificationRecord[] {
      return db.select().from(n).where(eq(n.agentId, agentId)).orderBy(desc(n.at), desc(n.id)).limit(limit).all();
    },
    unreadCount: (agentId: string) => db.select({ n: count() }).from(n).where(and(eq(n.agentId, agentId), isNull(n.readAt))).get()!.n,
    markRead(agentId: string, { ids, conversationId }: ReadTarget, at: number): string[] {
      const which = [eq(n.agentId, agentId), isNull(n.readAt), ...(ids ? [inArray(n.id, [...ids])] : []), ...(conversationId ? [eq(n.conversationId, conversationId)] : [])];
      return db.update(n).set({ readAt: at }).where(and(...which)).returning({ id: n.id }).all().map((row) => row.id);
    },
    remove(conversationId: string, which: { kind: NotificationRecord['kind'] } | { agentIds: readonly string[] }) {
      if ('agentIds' in which && which.agentIds.length === 0) return [];
      const whose = 'kind' in which ? eq(n.kind, which.kind) : inArray(n.agentId, [...which.agentIds]);
      return db.delete(n).where(and(eq(n.conversationId, conversationId), whose)).returning({ id: n.id, agentId: n.agentId }).all();
    },
    markSeen(agentId: string, conversationId: string, seq: number): boolean {
      const r = t.conversationReads;
      return (
        db
          .insert(r)
          .values({ agentId, conversationId, seenSeq: seq })
          .onConflictDoUpdate({ target: [r.agentId, r.conversationId], set: { seenSeq: seq }, setWhere: sql`${r.seenSeq} < ${seq}` })
          .run().changes > 0
      );
    },
    seenOf(agentId: string, conversationIds: readonly string[]): Record<string, number> {
      if (conversationIds.length === 0) return {};
      const r = t.conversationReads;
      const rows = db.select().from(r).where(and(eq(r.agentId, agentId), inArray(r.conversationId, [...conversationIds]))).all();
      return Object.fromEntries(rows.map((row) => [row.conversationId, row.seenSeq]));
    },
  };
}
