/** The console's list on PostgreSQL: list-sql.ts in its dialect, and the counting statement. */
import { eq, inArray, sql } from 'drizzle-orm';
import type { ListCounts } from '@parley/protocol';
import type { ListSelection } from '../../ports/store.ts';
import { listSql } from '../list-sql.ts';
import type { Db } from './db.ts';
import * as t from './schema.ts';

const FALSE = sql`false`;

export const list = listSql(t, {
  TRUE: sql`true`,
  FALSE,
  visitorIn: (ids) => (ids.length === 0 ? FALSE : inArray(t.conversations.visitorId, [...ids])),
  siteTeam: sql`${t.sites.settings}->>'team'`,
});

export async function countsOf(db: Db, selection: ListSelection): Promise<ListCounts> {
  const c = t.conversations;
  const [row] = await db.select(list.countColumns(selection)).from(c).innerJoin(t.sites, eq(t.sites.id, c.siteId)).where(list.withinCondition(selection));
  return list.countsFrom(row!);
}
