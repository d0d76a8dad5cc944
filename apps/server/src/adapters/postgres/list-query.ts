/** The console's list on PostgreSQL: the same rules as sqlite/list-query.ts, in its dialect. */
import { and, asc, desc, eq, exists, gt, inArray, isNull, lt, or, type SQL, sql } from 'drizzle-orm';
import { LIST_STATUSES, LIST_VIEWS, type ListCounts, type ListCursor, type ListStatus, type ListView } from '@parley/protocol';
import type { ListScope, ListSelection } from '../../ports/store.ts';
import type { Db } from './db.ts';
import * as t from './schema.ts';

const c = t.conversations;
const TRUE = sql`true`;
const FALSE = sql`false`;

/** Protocol's waitingKey: when the customer's wait began, of an open conversation; else null. */
const waitingKey = sql`(CASE WHEN ${c.status} = 'open' THEN ${c.waitingSince} END)`;

/** Protocol's compareListed. */
export const listOrder = [sql`${waitingKey} IS NULL`, asc(waitingKey), desc(c.updatedAt), asc(c.id)];

const every = (...conditions: Array<SQL | undefined>): SQL => and(...conditions) ?? TRUE;

/** Protocol's STATUS_RULES, over the columns; the one place a list status becomes SQL. */
export function statusCondition(status: ListStatus, { online }: Pick<ListSelection, 'online'>): SQL {
  const waiting = and(eq(c.status, 'open'), sql`${c.waitingSince} IS NOT NULL`)!;
  switch (status) {
    case 'online':
      return online.length === 0 ? FALSE : inArray(c.visitorId, [...online]);
    case 'rep-needed':
      return every(waiting, eq(c.agentCount, 0));
    case 'pending':
      return every(waiting, gt(c.agentCount, 0));
    case 'soon':
      return every(eq(c.status, 'open'), eq(c.urgency, 'soon'));
    case 'overdue':
      return every(eq(c.status, 'open'), eq(c.urgency, 'overdue'));
    case 'closed':
      return eq(c.status, 'closed');
    case 'missed':
      return eq(c.missed, true);
  }
}

/** Protocol's inView. */
function viewCondition(view: ListView, agentId: string, db: Db): SQL {
  switch (view) {
    case 'all':
      return TRUE;
    case 'joined': {
      const ca = t.conversationAgents;
      return exists(db.select({ one: TRUE }).from(ca).where(and(eq(ca.conversationId, c.id), eq(ca.agentId, agentId))));
    }
    case 'mine':
      return eq(c.assigneeId, agentId);
    case 'unassigned':
      return isNull(c.assigneeId);
  }
}

/** What the agent may list (audience's listScope): null, everything. */
function scopeCondition(scope: ListScope | null): SQL {
  if (!scope) return TRUE;
  const seen = [
    ...(scope.whole.length > 0 ? [inArray(c.siteId, scope.whole)] : []),
    ...(scope.unassignedOrOwn.length > 0 ? [and(inArray(c.siteId, scope.unassignedOrOwn), or(isNull(c.assigneeId), eq(c.assigneeId, scope.agentId)))!] : []),
  ];
  return seen.length === 0 ? FALSE : or(...seen)!;
}

/** The scope, the team and the site: what every count shares. Reads the sites table joined to the conversations. */
function withinCondition({ scope, query }: ListSelection): SQL {
  return every(
    scopeCondition(scope),
    query.team === null ? undefined : sql`${t.sites.settings}->>'team' = ${query.team}`,
    query.site === null ? undefined : eq(c.siteId, query.site),
  );
}

/** The rows after the cursor in listOrder. */
function afterCondition({ waitingSince, updatedAt, id }: ListCursor): SQL {
  const older = or(lt(c.updatedAt, updatedAt), and(eq(c.updatedAt, updatedAt), gt(c.id, id)))!;
  const notWaiting = sql`${waitingKey} IS NULL`;
  return waitingSince === null ? every(notWaiting, older) : or(notWaiting, sql`${waitingKey} > ${waitingSince}`, and(sql`${waitingKey} = ${waitingSince}`, older))!;
}

/** The WHERE of a page: the selection, after the cursor. */
export function pageCondition(db: Db, selection: ListSelection, after: ListCursor | null): SQL {
  const { query, agentId } = selection;
  return every(
    withinCondition(selection),
    viewCondition(query.view, agentId, db),
    query.status === null ? undefined : statusCondition(query.status, selection),
    after ? afterCondition(after) : undefined,
  );
}

/** One statement: a sum per view (under the query's status) and per status (within the query's view). */
export async function countsOf(db: Db, selection: ListSelection): Promise<ListCounts> {
  const { query, agentId } = selection;
  const status = query.status === null ? TRUE : statusCondition(query.status, selection);
  const view = viewCondition(query.view, agentId, db);
  const sum = (condition: SQL) => sql<number>`coalesce(sum(CASE WHEN ${condition} THEN 1 ELSE 0 END), 0)`;
  const columns: Record<string, SQL<number>> = {};
  LIST_VIEWS.forEach((name, i) => (columns[`v${i}`] = sum(every(viewCondition(name, agentId, db), status))));
  LIST_STATUSES.forEach((name, i) => (columns[`s${i}`] = sum(every(view, statusCondition(name, selection)))));
  const [row] = (await db.select(columns).from(c).innerJoin(t.sites, eq(t.sites.id, c.siteId)).where(withinCondition(selection))) as Array<Record<string, unknown>>;
  return {
    views: Object.fromEntries(LIST_VIEWS.map((name, i) => [name, Number(row![`v${i}`])])) as ListCounts['views'],
    statuses: Object.fromEntries(LIST_STATUSES.map((name, i) => [name, Number(row![`s${i}`])])) as ListCounts['statuses'],
  };
}
