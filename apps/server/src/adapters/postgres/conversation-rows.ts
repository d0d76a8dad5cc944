/** The console's list lines on PostgreSQL: a conversation with its visitor, site, last message and agents, in two statements (see sqlite/conversation-rows.ts). */
import { asc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { ConversationRow } from '../../ports/store.ts';
import { settingsFromText, toConversation, toMessage, toVisitor } from '../sqlite/records.ts';
import type { Db } from './db.ts';
import { list } from './list-query.ts';
import * as t from './schema.ts';

const authors = alias(t.agents, 'authors');
const assignees = alias(t.agents, 'assignees');

// Settings as stored text, parsed once per distinct text (settingsFromText).
const rowColumns = {
  c: t.conversations,
  v: t.visitors,
  siteName: t.sites.name,
  siteSettings: sql<string>`${t.sites.settings}::text`,
  teamMode: t.teams.mode,
  last: t.messages,
  lastAgentName: authors.name,
  assigneeName: assignees.name,
};

export function conversationRows(db: Db) {
  const selectRows = () =>
    db
      .select(rowColumns)
      .from(t.conversations)
      .innerJoin(t.visitors, eq(t.visitors.id, t.conversations.visitorId))
      .innerJoin(t.sites, eq(t.sites.id, t.conversations.siteId))
      .leftJoin(t.teams, eq(t.teams.name, sql`${t.sites.settings}->>'team'`))
      .leftJoin(t.messages, eq(t.messages.id, t.conversations.lastMessageId))
      .leftJoin(authors, eq(authors.id, t.messages.agentId))
      .leftJoin(assignees, eq(assignees.id, t.conversations.assigneeId));
  type RowResult = Awaited<ReturnType<ReturnType<typeof selectRows>['execute']>>[number];

  /** The agents of each conversation named, in the order they joined. */
  const agentsOf = async (ids: string[]) => {
    const participants = await db
      .select({ conversationId: t.conversationAgents.conversationId, id: t.agents.id, name: t.agents.name })
      .from(t.conversationAgents)
      .innerJoin(t.agents, eq(t.agents.id, t.conversationAgents.agentId))
      .where(inArray(t.conversationAgents.conversationId, ids))
      .orderBy(asc(t.conversationAgents.joinedAt));
    const byConversation = new Map<string, Array<{ id: string; name: string }>>();
    for (const { conversationId, id, name } of participants) byConversation.set(conversationId, [...(byConversation.get(conversationId) ?? []), { id, name }]);
    return byConversation;
  };

  const toRow = (r: RowResult, agents: Array<{ id: string; name: string }>): ConversationRow => ({
    conversation: toConversation(r.c),
    visitor: toVisitor(r.v),
    siteName: r.siteName,
    siteSettings: settingsFromText(r.siteSettings),
    lastMessage: r.last ? toMessage(r.last, r.lastAgentName) : null,
    agents,
    assignee: r.c.assigneeId && r.assigneeName !== null ? { id: r.c.assigneeId, name: r.assigneeName } : null,
    teamMode: r.teamMode,
  });

  /** One statement for the rows and one for all their agents, whatever the page's length. */
  const rowsOf = async (where: SQL | undefined, limit: number): Promise<ConversationRow[]> => {
    const rows = await selectRows().where(where).orderBy(...list.listOrder).limit(limit);
    if (rows.length === 0) return [];
    const agents = await agentsOf(rows.map((r) => r.c.id));
    return rows.map((r) => toRow(r, agents.get(r.c.id) ?? []));
  };

  // A conversation's list line is read after every message: its two statements are built once per
  // connection (the store makes the repositories once per pooled connection), on first use, and prepared there.
  const prepare = () => ({
    rowById: selectRows().where(eq(t.conversations.id, sql.placeholder('id'))).prepare('conversation_row'),
    participantsOf: db
      .select({ id: t.agents.id, name: t.agents.name })
      .from(t.conversationAgents)
      .innerJoin(t.agents, eq(t.agents.id, t.conversationAgents.agentId))
      .where(eq(t.conversationAgents.conversationId, sql.placeholder('id')))
      .orderBy(asc(t.conversationAgents.joinedAt))
      .prepare('conversation_participants'),
  });
  let prepared: ReturnType<typeof prepare> | null = null;

  return {
    rowsOf,
    async row(id: string): Promise<ConversationRow | null> {
      prepared ??= prepare();
      const [row] = await prepared.rowById.execute({ id });
      return row ? toRow(row, await prepared.participantsOf.execute({ id })) : null;
    },
  };
}
