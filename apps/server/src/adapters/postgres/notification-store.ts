/** The NotificationStore on PostgreSQL: the same statements as sqlite/notification-store.ts, awaited. */
import { and, count, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { nanoid } from 'nanoid';
import type { NewNotification, NotificationRecord, NotificationStore, ReadTarget } from '../../ports/notification-store.ts';
import type { Db } from './db.ts';
import * as t from './schema.ts';

export function createPostgresNotificationStore(db: Db): NotificationStore {
  const n = t.notifications;
  const r = t.conversationReads;
  return {
    async add(items: readonly NewNotification[]): Promise<NotificationRecord[]> {
      if (items.length === 0) return [];
      return db
        .insert(n)
        .values(items.map((item) => ({ ...item, id: nanoid() })))
        .returning();
    },
    latest: (agentId: string, limit: number) => db.select().from(n).where(eq(n.agentId, agentId)).orderBy(desc(n.at), desc(n.id)).limit(limit),
    async unreadCount(agentId: string) {
      const [row] = await db.select({ n: count() }).from(n).where(and(eq(n.agentId, agentId), isNull(n.readAt)));
      return Number(row?.n ?? 0);
    },
    async markRead(agentId: string, { ids, conversationId }: ReadTarget, at: number) {
      const which = [eq(n.agentId, agentId), isNull(n.readAt), ...(ids ? [inArray(n.id, [...ids])] : []), ...(conversationId ? [eq(n.conversationId, conversationId)] : [])];
      return (await db.update(n).set({ readAt: at }).where(and(...which)).returning({ id: n.id })).map((row) => row.id);
    },
    async remove(conversationId: string, which: { kind: NotificationRecord['kind'] } | { agentIds: readonly string[] }) {
      if ('agentIds' in which && which.agentIds.length === 0) return [];
      const whose = 'kind' in which ? eq(n.kind, which.kind) : inArray(n.agentId, [...which.agentIds]);
      return db.delete(n).where(and(eq(n.conversationId, conversationId), whose)).returning({ id: n.id, agentId: n.agentId });
    },
    async markSeen(agentId: string, conversationId: string, seq: number) {
      const rows = await db
        .insert(r)
        .values({ agentId, conversationId, seenSeq: seq })
        .onConflictDoUpdate({ target: [r.agentId, r.conversationId], set: { seenSeq: seq }, setWhere: sql`${r.seenSeq} < ${seq}` })
        .returning({ seq: r.seenSeq });
      return rows.length > 0;
    },
    async seenOf(agentId: string, conversationIds: readonly string[]) {
      if (conversationIds.length === 0) return {};
      const rows = await db.select().from(r).where(and(eq(r.agentId, agentId), inArray(r.conversationId, [...conversationIds])));
      return Object.fromEntries(rows.map((row) => [row.conversationId, row.seenSeq]));
    },
  };
}
