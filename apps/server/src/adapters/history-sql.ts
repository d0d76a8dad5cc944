/**
 * History's search as SQL over the stored columns, for either SQL store: its filters, order and
 * keyset. A dialect gives only its full-text match (FTS5, or PostgreSQL's text search) and the
 * list's scope condition (list-sql.ts), so the two stores find the same conversations.
 */
import { and, type Column, desc, eq, lte, gte, or, type SQL, sql, type Table } from 'drizzle-orm';
import type { HistoryCursor } from '@parley/protocol';
import type { HistorySelection } from '../ports/history-store.ts';
import type { ListScope, Message } from '../ports/store.ts';
import { contains } from './contains-sql.ts';

type Columns<K extends string> = Record<K, Column>;

export interface HistoryTables {
  conversations: Columns<'id' | 'siteId' | 'status' | 'createdAt' | 'updatedAt'>;
  visitors: Columns<'name' | 'email' | 'phone'>;
  messages: Table & Columns<'conversationId' | 'agentId'>;
}

export interface HistoryDialect {
  /** The ids of the conversations with a message holding every term: a subquery. */
  matching(terms: readonly string[]): SQL;
  /** audience's listScope as a condition on the conversation. */
  scope(scope: ListScope | null): SQL;
}

export function historySql({ conversations: c, visitors: v, messages: m }: HistoryTables, dialect: HistoryDialect) {
  return {
    order: [desc(c.updatedAt), desc(c.id)],

    /** The WHERE of a page: scope, filters, text and the keyset; reads the visitors table joined. */
    where({ scope, query, terms, after }: HistorySelection & { after: HistoryCursor | null }): SQL {
      const customer = query.customer;
      return and(
        dialect.scope(scope),
        query.site === null ? undefined : eq(c.siteId, query.site),
        query.status === null ? undefined : eq(c.status, query.status),
        // Active at some time in the range: begun before its end, last active after its start.
        query.to === null ? undefined : lte(c.createdAt, query.to),
        query.from === null ? undefined : gte(c.updatedAt, query.from),
        customer === null ? undefined : or(contains(v.name, customer), contains(v.email, customer), contains(v.phone, customer)),
        // Joining is a transcript event carrying the agent, as writing is a message.
        query.agent === null ? undefined : sql`EXISTS (SELECT 1 FROM ${m} WHERE ${m.conversationId} = ${c.id} AND ${m.agentId} = ${query.agent})`,
        terms.length === 0 ? undefined : sql`${c.id} IN (${dialect.matching(terms)})`,
        after === null ? undefined : or(sql`${c.updatedAt} < ${after.updatedAt}`, and(eq(c.updatedAt, after.updatedAt), sql`${c.id} < ${after.id}`)),
      )!;
    },
  };
}

/** The messages regrouped in the order of `ids` (each group already in seq order). */
export function byConversation(ids: readonly string[], messages: Message[]): Message[] {
  const groups = new Map<string, Message[]>(ids.map((id) => [id, []]));
  for (const message of messages) groups.get(message.conversationId)?.push(message);
  return [...groups.values()].flat();
}
