/** Scheduled messages and context records on SQLite: each method one statement (or a few in the caller's transaction). */
import { and, asc, count, eq } from 'drizzle-orm';
import { nanoid } from 'nanoid';
import type { ContextRecordRow, NewPendingMessage, PendingMessageRecord } from '../../ports/outreach-store.ts';
import type { Db } from './db.ts';
import * as t from './schema.ts';

export function createSqlitePendingMessages(db: Db) {
  const p = t.pendingMessages;
  return {
    add: (input: NewPendingMessage): PendingMessageRecord => db.insert(p).values({ ...input, id: nanoid() }).returning().get(),
    byId: (id: string): PendingMessageRecord | null => db.select().from(p).where(eq(p.id, id)).get() ?? null,
    pending: (agentId: string | null, limit: number): PendingMessageRecord[] =>
      db
        .select()
        .from(p)
        .where(and(eq(p.status, 'pending'), agentId === null ? undefined : eq(p.agentId, agentId)))
        .orderBy(asc(p.sendAt), asc(p.id))
        .limit(limit)
        .all(),
    finish: (id: string, status: 'sent' | 'cancelled', at: number, agentId?: string): PendingMessageRecord | null =>
      db
        .update(p)
        .set({ status, doneAt: at })
        .where(and(eq(p.id, id), eq(p.status, 'pending'), agentId === undefined ? undefined : eq(p.agentId, agentId)))
        .returning()
        .get() ?? null,
  };
}

export function createSqliteContextRecords(db: Db) {
  const c = t.contextRecords;
  const named = (visitorId: string, type: string, id: string) => and(eq(c.visitorId, visitorId), eq(c.type, type), eq(c.recordId, id));
  return {
    put({ visitorId, type, id, label, url, agentId, at }: Omit<ContextRecordRow, 'agentName'>, max: number): boolean {
      const values = { label, url, agentId, at };
      if (db.update(c).set(values).where(named(visitorId, type, id)).run().changes > 0) return true;
      if (db.select({ n: count() }).from(c).where(eq(c.visitorId, visitorId)).get()!.n >= max) return false;
      db.insert(c).values({ visitorId, type, recordId: id, ...values }).run();
      return true;
    },
    remove: (visitorId: string, type: string, id: string) => db.delete(c).where(named(visitorId, type, id)).run().changes > 0,
    of: (visitorId: string): ContextRecordRow[] =>
      db
        .select({ visitorId: c.visitorId, type: c.type, id: c.recordId, label: c.label, url: c.url, agentId: c.agentId, agentName: t.agents.name, at: c.at })
        .from(c)
        .leftJoin(t.agents, eq(t.agents.id, c.agentId))
        .where(eq(c.visitorId, visitorId))
        .orderBy(asc(c.at), asc(c.type), asc(c.recordId))
        .all(),
  };
}
