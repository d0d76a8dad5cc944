/**
 * The console's list as SQL over the stored columns, for either SQL store: the selection (scope,
 * view, status, team, site), its order and keyset, and the counts, each a rule of protocol's
 * list-view.ts. A dialect gives only what differs: boolean literals, the Online set, the site's team.
 */
import { and, asc, type Column, desc, eq, gt, inArray, isNull, lt, or, type SQL, sql, type Table } from 'drizzle-orm';
import { LIST_STATUSES, LIST_VIEWS, type ListCounts, type ListCursor, type ListStatus, type ListView } from '@parley/protocol';
import type { ListScope, ListSelection } from '../ports/store.ts';

type Columns<K extends string> = Record<K, Column>;

export interface ListTables {
  conversations: Columns<'id' | 'siteId' | 'visitorId' | 'status' | 'waitingSince' | 'updatedAt' | 'agentCount' | 'urgency' | 'missed' | 'assigneeId'>;
  conversationAgents: Table & Columns<'conversationId' | 'agentId'>;
}

export interface ListDialect {
  TRUE: SQL;
  FALSE: SQL;
  /** The conversation's visitor is one of these (the visitors online now). */
  visitorIn(ids: readonly string[]): SQL;
  /** The team named in the joined site's settings. */
  siteTeam: SQL;
}

export function listSql({ conversations: c, conversationAgents: ca }: ListTables, { TRUE, FALSE, visitorIn, siteTeam }: ListDialect) {
  const every = (...conditions: Array<SQL | undefined>): SQL => and(...conditions) ?? TRUE;

  /** Protocol's waitingKey: when the customer's wait began, of an open conversation; else null. */
  const waitingKey = sql`(CASE WHEN ${c.status} = 'open' THEN ${c.waitingSince} END)`;

  /** Protocol's STATUS_RULES, over the columns; the one place a list status becomes SQL. */
  const statusCondition = (status: ListStatus, { online }: Pick<ListSelection, 'online'>): SQL => {
    const waiting = and(eq(c.status, 'open'), sql`${c.waitingSince} IS NOT NULL`)!;
    switch (status) {
      case 'online':
        return visitorIn(online);
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
  };

  /** Protocol's inView. */
  const viewCondition = (view: ListView, agentId: string): SQL => {
    switch (view) {
      case 'all':
        return TRUE;
      case 'joined':
        return sql`EXISTS (SELECT 1 FROM ${ca} WHERE ${ca.conversationId} = ${c.id} AND ${ca.agentId} = ${agentId})`;
      case 'mine':
        return eq(c.assigneeId, agentId);
      case 'unassigned':
        return isNull(c.assigneeId);
    }
  };

  /** What the agent may list (audience's listScope): null, everything. */
  const scopeCondition = (scope: ListScope | null): SQL => {
    if (!scope) return TRUE;
    const seen = [
      ...(scope.whole.length > 0 ? [inArray(c.siteId, [...scope.whole])] : []),
      ...(scope.unassignedOrOwn.length > 0 ? [and(inArray(c.siteId, [...scope.unassignedOrOwn]), or(isNull(c.assigneeId), eq(c.assigneeId, scope.agentId)))!] : []),
    ];
    return seen.length === 0 ? FALSE : or(...seen)!;
  };

  /** The rows after the cursor in listOrder. */
  const afterCondition = ({ waitingSince, updatedAt, id }: ListCursor): SQL => {
    const older = or(lt(c.updatedAt, updatedAt), and(eq(c.updatedAt, updatedAt), gt(c.id, id)))!;
    const notWaiting = sql`${waitingKey} IS NULL`;
    return waitingSince === null ? every(notWaiting, older) : or(notWaiting, sql`${waitingKey} > ${waitingSince}`, and(sql`${waitingKey} = ${waitingSince}`, older))!;
  };

  return {
    /** Protocol's compareListed. */
    listOrder: [sql`${waitingKey} IS NULL`, asc(waitingKey), desc(c.updatedAt), asc(c.id)],

    /** The scope, the team and the site: what every count shares. Reads the sites table joined to the conversations. */
    withinCondition: ({ scope, query }: ListSelection): SQL =>
      every(scopeCondition(scope), query.team === null ? undefined : sql`${siteTeam} = ${query.team}`, query.site === null ? undefined : eq(c.siteId, query.site)),

    /** The WHERE of a page: the selection, after the cursor (the sites table joined). */
    pageCondition(selection: ListSelection, after: ListCursor | null): SQL {
      const { query, agentId } = selection;
      return every(
        this.withinCondition(selection),
        viewCondition(query.view, agentId),
        query.status === null ? undefined : statusCondition(query.status, selection),
        after ? afterCondition(after) : undefined,
      );
    },

    /** The columns of the one counting statement: a sum per view (under the query's status) and per status (within the query's view). */
    countColumns(selection: ListSelection): Record<string, SQL<number>> {
      const { query, agentId } = selection;
      const status = query.status === null ? TRUE : statusCondition(query.status, selection);
      const view = viewCondition(query.view, agentId);
      const sum = (condition: SQL) => sql<number>`coalesce(sum(CASE WHEN ${condition} THEN 1 ELSE 0 END), 0)`;
      const columns: Record<string, SQL<number>> = {};
      LIST_VIEWS.forEach((name, i) => (columns[`v${i}`] = sum(every(viewCondition(name, agentId), status))));
      LIST_STATUSES.forEach((name, i) => (columns[`s${i}`] = sum(every(view, statusCondition(name, selection)))));
      return columns;
    },

    countsFrom(row: Record<string, unknown>): ListCounts {
      return {
        views: Object.fromEntries(LIST_VIEWS.map((name, i) => [name, Number(row[`v${i}`])])) as ListCounts['views'],
        statuses: Object.fromEntries(LIST_STATUSES.map((name, i) => [name, Number(row[`s${i}`])])) as ListCounts['statuses'],
      };
    },
  };
}
