/** Customers on SQLite: search, a customer's visitors and conversations, links and the communications log (see ports/store.ts). */
import { asc, desc, eq, inArray, or, sql } from 'drizzle-orm';
import { nanoid } from 'nanoid';
import type { CustomerCursor, LogEntryRecord } from '../../ports/store.ts';
import { customerCondition, linkedCount } from '../customer-sql.ts';
import type { Db } from './db.ts';
import { toConversation, toVisitor } from './records.ts';
import * as t from './schema.ts';

export function sqliteCustomers(db: Db) {
  const v = t.visitors;
  const log = t.customerLog;
  const ofCustomer = (customerId: string) => or(eq(v.id, customerId), eq(v.customerId, customerId));
  return {
    search(input: { siteIds: readonly string[] | null; q: string; after: CustomerCursor | null; limit: number }) {
      return db
        .select({ v, linked: linkedCount })
        .from(v)
        .where(customerCondition(v, input, sql`${v.id}`))
        .orderBy(desc(v.createdAt), desc(v.id))
        .limit(input.limit)
        .all()
        .map((row) => ({ visitor: toVisitor(row.v), linked: row.linked }));
    },
    members(customerId: string) {
      const rows = db.select().from(v).where(ofCustomer(customerId)).orderBy(asc(v.createdAt), asc(v.id)).all();
      const primary = rows.find((row) => row.id === customerId && row.customerId === null);
      return primary ? [primary, ...rows.filter((row) => row !== primary)].map(toVisitor) : [];
    },
    conversations(customerId: string) {
      const ids = db.select({ id: v.id }).from(v).where(ofCustomer(customerId)).all().map((row) => row.id);
      if (ids.length === 0) return [];
      return db.select().from(t.conversations).where(inArray(t.conversations.visitorId, ids)).orderBy(desc(t.conversations.createdAt), desc(t.conversations.id)).all().map(toConversation);
    },
    link(visitorId: string, customerId: string) {
      const [visitor, customer] = [visitorId, customerId].map((id) => db.select().from(v).where(eq(v.id, id)).get());
      if (!visitor || !customer || visitorId === customerId || customer.customerId !== null || customer.siteId !== visitor.siteId) return false;
      db.update(v).set({ customerId }).where(or(eq(v.id, visitorId), eq(v.customerId, visitorId))).run();
      db.update(log).set({ customerId }).where(eq(log.customerId, visitorId)).run();
      return true;
    },
    addLog(input: Omit<LogEntryRecord, 'id' | 'agentName'> & { agentId: string }): LogEntryRecord {
      const row = db.insert(log).values({ id: nanoid(), ...input }).returning().get();
      const agentName = db.select({ name: t.agents.name }).from(t.agents).where(eq(t.agents.id, input.agentId)).get()?.name ?? null;
      return { ...row, agentName };
    },
    log(customerId: string): LogEntryRecord[] {
      return db
        .select({ e: log, agentName: t.agents.name })
        .from(log)
        .leftJoin(t.agents, eq(t.agents.id, log.agentId))
        .where(eq(log.customerId, customerId))
        .orderBy(desc(log.at), desc(log.id))
        .all()
        .map((row) => ({ ...row.e, agentName: row.agentName }));
    },
  };
}
