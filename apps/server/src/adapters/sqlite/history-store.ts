/** The HistoryStore on SQLite: history-sql.ts with FTS5 (messages_fts, kept by the triggers of drizzle/0012_history_search.sql). */
import { DEFAULT_LIST_QUERY, type HistoryCursor } from '@parley/protocol';
import { asc, eq, inArray, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { HistoryRow, HistorySelection } from '../../ports/history-store.ts';
import type { Message } from '../../ports/store.ts';
import { byConversation, historySql } from '../history-sql.ts';
import type { Db } from './db.ts';
import { list } from './list-query.ts';
import { toConversation, toMessage, toVisitor } from './records.ts';
import * as t from './schema.ts';

/** Every term as an FTS5 string: taken literally (never as AND, NEAR, a column filter…), all of them required. */
export const ftsQuery = (terms: readonly string[]) => terms.map((term) => `"${term.replaceAll('"', '""')}"`).join(' ');

/** The rowids of the messages holding every term. */
const matchingRowids = (terms: readonly string[]) => sql`SELECT rowid FROM messages_fts WHERE messages_fts MATCH ${ftsQuery(terms)}`;

const search = historySql(t, {
  matching: (terms) => sql`SELECT ${t.messages.conversationId} FROM ${t.messages} WHERE ${t.messages}.rowid IN (${matchingRowids(terms)})`,
  scope: (scope) => list.withinCondition({ scope, query: DEFAULT_LIST_QUERY, agentId: '', online: [] }),
});

export function createSqliteHistoryStore(db: Db) {
  const authors = alias(t.agents, 'authors');
  const subjects = alias(t.agents, 'subjects');
  return {
    search(input: HistorySelection & { after: HistoryCursor | null; limit: number }): HistoryRow[] {
      const rows = db
        .select({ c: t.conversations, v: t.visitors, siteName: t.sites.name, last: t.messages.text })
        .from(t.conversations)
        .innerJoin(t.visitors, eq(t.visitors.id, t.conversations.visitorId))
        .innerJoin(t.sites, eq(t.sites.id, t.conversations.siteId))
        .leftJoin(t.messages, eq(t.messages.id, t.conversations.lastMessageId))
        .where(search.where(input))
        .orderBy(...search.order)
        .limit(input.limit)
        .all();
      // The newest matching message of each conversation of the page: SQLite takes the bare column from the max(seq) row.
      const matched = new Map<string, string>();
      if (input.terms.length > 0 && rows.length > 0) {
        const found = db
          .select({ id: t.messages.conversationId, text: t.messages.text, seq: sql`max(${t.messages.seq})` })
          .from(t.messages)
          .where(sql`${inArray(t.messages.conversationId, rows.map((r) => r.c.id))} AND ${t.messages}.rowid IN (${matchingRowids(input.terms)})`)
          .groupBy(t.messages.conversationId)
          .all();
        for (const { id, text } of found) matched.set(id, text);
      }
      return rows.map((r) => ({
        conversation: toConversation(r.c),
        visitor: toVisitor(r.v),
        siteName: r.siteName,
        snippet: input.terms.length > 0 ? (matched.get(r.c.id) ?? null) : r.last,
      }));
    },

    transcripts(conversationIds: readonly string[]): Message[] {
      if (conversationIds.length === 0) return [];
      const rows = db
        .select({ m: t.messages, agentName: authors.name, subjectName: subjects.name })
        .from(t.messages)
        .leftJoin(authors, eq(authors.id, t.messages.agentId))
        .leftJoin(subjects, eq(subjects.id, t.messages.subjectAgentId))
        .where(inArray(t.messages.conversationId, [...conversationIds]))
        .orderBy(asc(t.messages.conversationId), asc(t.messages.seq))
        .all();
      return byConversation(conversationIds, rows.map((r) => toMessage(r.m, r.agentName, null, r.subjectName)));
    },
  };
}
