/** The console's list on SQLite: list-sql.ts in its dialect, and the counting statement. */
import { eq, sql } from 'drizzle-orm';
import type { ListCounts } from '@parley/protocol';
import type { ListSelection } from '../../ports/store.ts';
import { listSql } from '../list-sql.ts';
import type { Db } from './db.ts';
import * as t from './schema.ts';

export const list = listSql(t, {
  TRUE: sql`1`,
  FALSE: sql`0`,
  visitorIn: (ids) => sql`${t.conversations.visitorId} IN (SELECT value FROM json_each(${JSON.stringify(ids)}))`,
  siteTeam: sql`json_extract(${t.sites.settings}, '$.team')`,
});

export function countsOf(db: Db, selection: ListSelection): ListCounts {
  const c = t.conversations;
  return list.countsFrom(db.select(list.countColumns(selection)).from(c).innerJoin(t.sites, eq(t.sites.id, c.siteId)).where(list.withinCondition(selection)).get()!);
}
