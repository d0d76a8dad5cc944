/**
 * Which visitors are customers, and which of them a search finds, as one SQL condition for either
 * SQL store: the tables and columns are named alike in both schemas.
 */
import { and, type Column, eq, inArray, isNull, lt, or, type SQL, sql } from 'drizzle-orm';
import type { CustomerCursor } from '../ports/store.ts';
import { contains } from './contains-sql.ts';

export interface CustomerColumns {
  id: Column;
  siteId: Column;
  customerId: Column;
  createdAt: Column;
}

/**
 * A primary visitor (customerId null) on the sites, of whom some visitor (itself or one linked to
 * it) has a contact detail or a conversation, and with `q`, a name, email or phone holding it.
 * `id`: the id as the dialect orders it in the list (byte by byte in both).
 */
export function customerCondition(v: CustomerColumns, { siteIds, q, after }: { siteIds: readonly string[] | null; q: string; after: CustomerCursor | null }, id: SQL): SQL {
  const like = (column: string) => contains(sql.raw(`m.${column}`), q);
  const member = q
    ? sql`(${like('name')} OR ${like('email')} OR ${like('phone')})`
    : sql`(m.name IS NOT NULL OR m.email IS NOT NULL OR m.phone IS NOT NULL OR EXISTS (SELECT 1 FROM conversations c WHERE c.visitor_id = m.id))`;
  return and(
    isNull(v.customerId),
    siteIds ? (siteIds.length > 0 ? inArray(v.siteId, [...siteIds]) : sql`1 = 0`) : undefined,
    after ? or(lt(v.createdAt, after.createdAt), and(eq(v.createdAt, after.createdAt), sql`${id} < ${after.id}`)) : undefined,
    sql`EXISTS (SELECT 1 FROM visitors m WHERE (m.id = ${v.id} OR m.customer_id = ${v.id}) AND ${member})`,
  )!;
}

/** How many visitors are linked to the primary one; the outer table by name: drizzle leaves selected columns unqualified. */
export const linkedCount = sql<number>`(SELECT count(*) FROM visitors l WHERE l.customer_id = visitors.id)`.mapWith(Number);
