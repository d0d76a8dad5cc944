/**
 * The HistoryStore on PostgreSQL: history-sql.ts with its text search over message bodies, read
 * through the GIN index on to_tsvector('simple', text) (schema.ts). 'simple' lower-cases whole
 * words and stems none: chats come in every language, and English stemming would find "shipping"
 * for "ship" here and not on SQLite, whose FTS5 reads words the same plain way.
 */
import { asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { DEFAULT_LIST_QUERY, type HistoryCursor } from '@parley/protocol';
import type { HistoryRow, HistorySelection, HistoryStore } from '../../ports/history-store.ts';
import { toConversation, toMessage, toVisitor } from '../sqlite/records.ts';
import { byConversation, historySql } from '../history-sql.ts';
import type { Db } from './db.ts';
import { list } from './list-query.ts';
import * as t from './schema.ts';

/** The same expression as the index's, so the planner uses it; plainto_tsquery takes the terms as words only (no operators). */
const holds = (terms: readonly string[]) => sql`to_tsvector('simple', ${t.messages.text}) @@ plainto_tsquery('simple', ${terms.join(' ')})`;

const search = historySql(t, {
  matching: (terms) => sql`SELECT ${t.messages.conversationId} FROM ${t.messages} WHERE ${holds(terms)}`,
  scope: (scope) => list.withinCondition({ scope, query: DEFAULT_LIST_QUERY, agentId: '', online: [] }),
});

const authors = alias(t.agents, 'authors');
const subjects = alias(t.agents, 'subjects');

export function createPostgresHistoryStore(db: Db): HistoryStore {
  return {
    async search(input: HistorySelection & { after: HistoryCursor | null; limit: number }): Promise<HistoryRow[]> {
      const rows = await db
        .select({ c: t.conversations, v: t.visitors, siteName: t.sites.name, last: t.messages.text })
        .from(t.conversations)
        .innerJoin(t.visitors, eq(t.visitors.id, t.conversations.visitorId))
        .innerJoin(t.sites, eq(t.sites.id, t.conversations.siteId))
        .leftJoin(t.messages, eq(t.messages.id, t.conversations.lastMessageId))
        .where(search.where(input))
        .orderBy(...search.order)
        .limit(input.limit);
      const matched = new Map<string, string>();
      if (input.terms.length > 0 && rows.length > 0) {
        // The newest matching message of each conversation of the page.
        const found = await db
          .selectDistinctOn([t.messages.conversationId], { id: t.messages.conversationId, text: t.messages.text })
          .from(t.messages)
          .where(sql`${inArray(t.messages.conversationId, rows.map((r) => r.c.id))} AND ${holds(input.terms)}`)
          .orderBy(t.messages.conversationId, desc(t.messages.seq));
        for (const { id, text } of found) matched.set(id, text);
      }
      return rows.map((r) => ({
        conversation: toConversation(r.c),
        visitor: toVisitor(r.v),
        siteName: r.siteName,
        snippet: input.terms.length > 0 ? (matched.get(r.c.id) ?? null) : r.last,
      }));
    },

    async transcripts(conversationIds: readonly string[]) {
      if (conversationIds.length === 0) return [];
      const rows = await db
        .select({ m: t.messages, agentName: authors.name, subjectName: subjects.name })
        .from(t.messages)
        .leftJoin(authors, eq(authors.id, t.messages.agentId))
        .leftJoin(subjects, eq(subjects.id, t.messages.subjectAgentId))
        .where(inArray(t.messages.conversationId, [...conversationIds]))
        .orderBy(asc(t.messages.conversationId), asc(t.messages.seq));
      return byConversation(conversationIds, rows.map((r) => toMessage(r.m, r.agentName, null, r.subjectName)));
    },
  };
}
