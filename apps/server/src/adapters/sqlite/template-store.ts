/** The TemplateStore and CallRoomStore on SQLite: one statement each. */
import { asc, eq, isNull, or, sql } from 'drizzle-orm';
import { nanoid } from 'nanoid';
import { ConflictError, NotFoundError } from '../../ports/errors.ts';
import type { TemplateRecord } from '../../ports/template-store.ts';
import type { Db } from './db.ts';
import { isUniqueViolation } from './records.ts';
import * as t from './schema.ts';

const taken = (shortcut: string) => new ConflictError(`A template with the shortcut /${shortcut} is there already.`);

export function createSqliteTemplateStore(db: Db) {
  const m = t.templates;
  /** The unique indexes are the check, so two agents saving at once cannot both win. */
  const unique = <T>(shortcut: string | undefined, write: () => T): T => {
    try {
      return write();
    } catch (error) {
      if (isUniqueViolation(error)) throw taken(shortcut ?? '');
      throw error;
    }
  };
  return {
    listFor: (agentId: string): TemplateRecord[] =>
      db.select().from(m).where(or(isNull(m.ownerId), eq(m.ownerId, agentId))).orderBy(asc(m.shortcut), sql`${m.ownerId} is not null`).all(),
    byId: (id: string): TemplateRecord | null => db.select().from(m).where(eq(m.id, id)).get() ?? null,
    create: ({ ownerId, shortcut, body, at }: { ownerId: string | null; shortcut: string; body: string; at: number }): TemplateRecord =>
      unique(shortcut, () => db.insert(m).values({ id: nanoid(), ownerId, shortcut, body, createdAt: at, updatedAt: at }).returning().get()),
    update(id: string, { shortcut, body, at }: { shortcut?: string; body?: string; at: number }): TemplateRecord {
      const row = unique(shortcut, () => db.update(m).set({ shortcut, body, updatedAt: at }).where(eq(m.id, id)).returning().get());
      if (!row) throw new NotFoundError(`No template has the id ${id}.`);
      return row;
    },
    delete: (id: string): boolean => db.delete(m).where(eq(m.id, id)).run().changes > 0,
  };
}

export function createSqliteCallRooms(db: Db) {
  const r = t.callRooms;
  return {
    roomOf(conversationId: string, fresh: string): string {
      db.insert(r).values({ conversationId, room: fresh }).onConflictDoNothing().run();
      return db.select({ room: r.room }).from(r).where(eq(r.conversationId, conversationId)).get()!.room;
    },
  };
}
