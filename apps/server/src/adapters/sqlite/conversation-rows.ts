/** The console's list lines: a conversation with its visitor, site, last message and agents, in a fixed number of statements. */
import { asc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import { alias as sqliteAlias, type alias } from 'drizzle-orm/sqlite-core';
import type { ConversationRow } from '../../ports/store.ts';
import type { Db } from './db.ts';
import { list } from './list-query.ts';
import { settingsFromText, toConversation, toMessage, toVisitor } from './records.ts';
import * as t from './schema.ts';

/** The agents table joined a second time, as the author of a message. */
export type Authors = ReturnType<typeof alias<typeof t.agents, 'authors'>>;

export function conversationRows(db: Db, authors: Authors) {
  const assignees = sqliteAlias(t.agents, 'assignees');
  // Settings as stored text, parsed once per distinct text (settingsFromText).
  const rowColumns = {
    c: t.conversations,
    v: t.visitors,
    siteName: t.sites.name,
    siteSettings: sql<string>`${t.sites.settings}`,
    teamMode: t.teams.mode,
    last: t.messages,
    lastAgentName: authors.name,
    assigneeName: assignees.name,
  };
  const selectRows = () =>
    db
      .select(rowColumns)
      .from(t.conversations)
      .innerJoin(t.visitors, eq(t.visitors.id, t.conversations.visitorId))
      .innerJoin(t.sites, eq(t.sites.id, t.conversations.siteId))
      .leftJoin(t.teams, eq(t.teams.name, sql`json_extract(${t.sites.settings}, '$.team')`))
      .leftJoin(t.messages, eq(t.messages.id, t.conversations.lastMessageId))
      .leftJoin(authors, eq(authors.id, t.messages.agentId))
      .leftJoin(assignees, eq(assignees.id, t.conversations.assigneeId));
  const participantColumns = { conversationId: t.conversationAgents.conversationId, id: t.agents.id, name: t.agents.name };
  const participantsWhere = (where: SQL) =>
    db
      .select(participantColumns)
      .from(t.conversationAgents)
      .innerJoin(t.agents, eq(t.agents.id, t.conversationAgents.agentId))
      .where(where)
      .orderBy(asc(t.conversationAgents.joinedAt));
  // A conversation's list line changes with every message: its two statements are prepared once.
  const rowById = selectRows().where(eq(t.conversations.id, sql.placeholder('id'))).prepare();
  const participantsOf = participantsWhere(eq(t.conversationAgents.conversationId, sql.placeholder('id'))).prepare();

  type RowResult = Awaited<ReturnType<typeof rowById.get>> & object;
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

  /** In the list's order: one statement for the rows and one for all their agents, whatever the page's length. */
  const rowsOf = (where: SQL, limit: number): ConversationRow[] => {
    const rows = selectRows().where(where).orderBy(...list.listOrder).limit(limit).all();
    if (rows.length === 0) return [];
    const participants = participantsWhere(inArray(t.conversationAgents.conversationId, rows.map((r) => r.c.id))).all();
    const agentsOf = new Map<string, Array<{ id: string; name: string }>>();
    for (const { conversationId, id, name } of participants) agentsOf.set(conversationId, [...(agentsOf.get(conversationId) ?? []), { id, name }]);
    return rows.map((r) => toRow(r, agentsOf.get(r.c.id) ?? []));
  };

  return { rowsOf, row(id: string): ConversationRow | null {
    const row = rowById.get({ id });
    return row ? toRow(row, participantsOf.all({ id }).map(({ id: agentId, name }) => ({ id: agentId, name }))) : null;
  } };
}
