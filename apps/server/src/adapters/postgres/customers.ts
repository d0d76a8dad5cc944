/** Customers on PostgreSQL: a port of sqlite/customers.ts; a link locks both visitors first, so two crossing links cannot make a cycle. */
import { asc, desc, eq, inArray, or, sql } from 'drizzle-orm';
import { nanoid } from 'nanoid';
import type { CustomerCursor, CustomerRepository, LogEntryRecord } from '../../ports/store.ts';
import { customerCondition, linkedCount } from '../customer-sql.ts';
import { toConversation, toVisitor } from '../sqlite/records.ts';
import type { Db } from './db.ts';
import * as t from './schema.ts';

export function postgresCustomers(db: Db): CustomerRepository {
  const v = t.visitors;
  const log = t.customerLog;
  /** Ids sorted as SQLite sorts them, whatever the database's locale. */
  const byteId = sql`${v.id} collate "C"`;
  const ofCustomer = (customerId: string) => or(eq(v.id, customerId), eq(v.customerId, customerId));
  return {
    async search(input: { siteIds: readonly string[] | null; q: string; after: CustomerCursor | null; limit: number }) {
      const rows = await db
        .select({ v, linked: linkedCount })
        .from(v)
        .where(customerCondition(v, input, byteId))
        .orderBy(desc(v.createdAt), desc(byteId))
        .limit(input.limit);
      return rows.map((row) => ({ visitor: toVisitor(row.v), linked: row.linked }));
    },
    async members(customerId: string) {
      const rows = await db.select().from(v).where(ofCustomer(customerId)).orderBy(asc(v.createdAt), byteId);
      const primary = rows.find((row) => row.id === customerId && row.customerId === null);
      return primary ? [primary, ...rows.filter((row) => row !== primary)].map(toVisitor) : [];
    },
    async conversations(customerId: string) {
      const ids = (await db.select({ id: v.id }).from(v).where(ofCustomer(customerId))).map((row) => row.id);
      if (ids.length === 0) return [];
      const c = t.conversations;
      return (await db.select().from(c).where(inArray(c.visitorId, ids)).orderBy(desc(c.createdAt), sql`${c.id} collate "C" desc`)).map(toConversation);
    },
    async link(visitorId: string, customerId: string) {
      if (visitorId === customerId) return false;
      // In id order, so two links between the same pair lock alike and the second sees the first's result.
      const locked = await db.select().from(v).where(inArray(v.id, [visitorId, customerId])).orderBy(byteId).for('update');
      const visitor = locked.find((row) => row.id === visitorId);
      const customer = locked.find((row) => row.id === customerId);
      if (!visitor || !customer || customer.customerId !== null || customer.siteId !== visitor.siteId) return false;
      await db.update(v).set({ customerId }).where(ofCustomer(visitorId));
      await db.update(log).set({ customerId }).where(eq(log.customerId, visitorId));
      return true;
    },
    async addLog(input) {
      const [row] = await db.insert(log).values({ id: nanoid(), ...input }).returning();
      const [agent] = await db.select({ name: t.agents.name }).from(t.agents).where(eq(t.agents.id, input.agentId));
      return { ...row!, agentName: agent?.name ?? null };
    },
    async log(customerId: string): Promise<LogEntryRecord[]> {
      const rows = await db
        .select({ e: log, agentName: t.agents.name })
        .from(log)
        .leftJoin(t.agents, eq(t.agents.id, log.agentId))
        .where(eq(log.customerId, customerId))
        .orderBy(desc(log.at), sql`${log.id} collate "C" desc`);
      return rows.map((row) => ({ ...row.e, agentName: row.agentName }));
    },
  };
}
