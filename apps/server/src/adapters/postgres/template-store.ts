/** The TemplateStore and CallRoomStore on PostgreSQL: the statements of sqlite/template-store.ts, awaited. */
import { asc, eq, isNull, or, sql } from 'drizzle-orm';
import { nanoid } from 'nanoid';
import { ConflictError, NotFoundError } from '../../ports/errors.ts';
import type { CallRoomStore, TemplateStore } from '../../ports/template-store.ts';
import type { Db } from './db.ts';
import * as t from './schema.ts';

const isUniqueViolation = (error: unknown) => {
  const { code } = (error instanceof Error && 'cause' in error && error.cause instanceof Error ? error.cause : error) as { code?: string };
  return code === '23505';
};

export function createPostgresTemplateStore(db: Db): TemplateStore {
  const m = t.templates;
  /** The unique indexes are the check, so two agents saving at once cannot both win. */
  const unique = async <T>(shortcut: string | undefined, write: () => Promise<T>): Promise<T> => {
    try {
      return await write();
    } catch (error) {
      if (isUniqueViolation(error)) throw new ConflictError(`A template with the shortcut /${shortcut ?? ''} is there already.`);
      throw error;
    }
  };
  return {
    listFor: (agentId) =>
      db.select().from(m).where(or(isNull(m.ownerId), eq(m.ownerId, agentId))).orderBy(asc(sql`${m.shortcut} collate "C"`), sql`${m.ownerId} is not null`),
    byId: async (id) => (await db.select().from(m).where(eq(m.id, id)))[0] ?? null,
    create: ({ ownerId, shortcut, body, at }) =>
      unique(shortcut, async () => (await db.insert(m).values({ id: nanoid(), ownerId, shortcut, body, createdAt: at, updatedAt: at }).returning())[0]!),
    async update(id, { shortcut, body, at }) {
      const [row] = await unique(shortcut, () => db.update(m).set({ shortcut, body, updatedAt: at }).where(eq(m.id, id)).returning());
      if (!row) throw new NotFoundError(`No template has the id ${id}.`);
      return row;
    },
    delete: async (id) => (await db.delete(m).where(eq(m.id, id)).returning({ id: m.id })).length > 0,
  };
}

export function createPostgresCallRooms(db: Db): CallRoomStore {
  const r = t.callRooms;
  return {
    async roomOf(conversationId, fresh) {
      await db.insert(r).values({ conversationId, room: fresh }).onConflictDoNothing();
      return (await db.select({ room: r.room }).from(r).where(eq(r.conversationId, conversationId)))[0]!.room;
    },
  };
}
