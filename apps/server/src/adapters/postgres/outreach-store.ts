/** Scheduled messages and context records on PostgreSQL: the statements of sqlite/outreach-store.ts, awaited. */
import { and, asc, count, eq } from 'drizzle-orm';
import { nanoid } from 'nanoid';
import type { ContextRecordRow, ContextRecordStore, NewPendingMessage, PendingMessageStore } from '../../ports/outreach-store.ts';
import type { Db } from './db.ts';
import * as t from './schema.ts';

export function createPostgresPendingMessages(db: Db): PendingMessageStore {
  const p = t.pendingMessages;
  return {
    add: async (input: NewPendingMessage) => (await db.insert(p).values({ ...input, id: nanoid() }).returning())[0]!,
    byId: async (id: string) => (await db.select().from(p).where(eq(p.id, id)))[0] ?? null,
    pending: (agentId: string | null, limit: number) =>
      db
        .select()
        .from(p)
        .where(and(eq(p.status, 'pending'), agentId === null ? undefined : eq(p.agentId, agentId)))
        .orderBy(asc(p.sendAt), asc(p.id))
        .limit(limit),
    // READ COMMITTED re-checks the WHERE on the row a racing update committed: the loser matches nothing.
    finish: async (id, status, at, agentId) =>
      (
        await db
          .update(p)
          .set({ status, doneAt: at })
          .where(and(eq(p.id, id), eq(p.status, 'pending'), agentId === undefined ? undefined : eq(p.agentId, agentId)))
          .returning()
      )[0] ?? null,
  };
}

export function createPostgresContextRecords(db: Db): ContextRecordStore {
  const c = t.contextRecords;
  const named = (visitorId: string, type: string, id: string) => and(eq(c.visitorId, visitorId), eq(c.type, type), eq(c.recordId, id));
  return {
    async put({ visitorId, type, id, label, url, agentId, at }: Omit<ContextRecordRow, 'agentName'>, max: number) {
      const values = { label, url, agentId, at };
      if ((await db.update(c).set(values).where(named(visitorId, type, id)).returning({ at: c.at })).length > 0) return true;
      const [held] = await db.select({ n: count() }).from(c).where(eq(c.visitorId, visitorId));
      if (Number(held?.n ?? 0) >= max) return false;
      // Two first puts of the same record at once: the second updates what the first inserted.
      await db
        .insert(c)
        .values({ visitorId, type, recordId: id, ...values })
        .onConflictDoUpdate({ target: [c.visitorId, c.type, c.recordId], set: values });
      return true;
    },
    remove: async (visitorId, type, id) => (await db.delete(c).where(named(visitorId, type, id)).returning({ at: c.at })).length > 0,
    of: (visitorId: string) =>
      db
        .select({ visitorId: c.visitorId, type: c.type, id: c.recordId, label: c.label, url: c.url, agentId: c.agentId, agentName: t.agents.name, at: c.at })
        .from(c)
        .leftJoin(t.agents, eq(t.agents.id, c.agentId))
        .where(eq(c.visitorId, visitorId))
        .orderBy(asc(c.at), asc(c.type), asc(c.recordId)),
  };
}
