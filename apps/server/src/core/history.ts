/**
 * History: the conversations an agent may see (audience's listScope, the list's own rule),
 * searched by text, customer, agent, time, status and site; and exported with their transcripts
 * a page at a time, so an export of any size holds one page in memory.
 */
import { cursorParam, eventLine, type ExportedConversation, HISTORY_PAGE_SIZE, type HistoryCursor, type HistoryHit, type HistoryPage, type HistoryQuery, searchTerms, snippetOf } from '@parley/protocol';
import type { HistoryRow, HistorySelection } from '../ports/history-store.ts';
import type { Agent, Message } from '../ports/store.ts';
import { listScope } from './audience.ts';
import type { Context } from './context.ts';
import { displayName } from './views.ts';

/** Conversations read (with all their messages) per page of an export. */
export const EXPORT_PAGE_SIZE = 100;

const cursorOf = ({ conversation }: HistoryRow): HistoryCursor => ({ updatedAt: conversation.updatedAt, id: conversation.id });

function hitView({ conversation, visitor, siteName, snippet }: HistoryRow, terms: readonly string[]): HistoryHit {
  return {
    conversationId: conversation.id,
    siteId: conversation.siteId,
    siteName,
    status: conversation.status,
    customer: { name: visitor.name, email: visitor.email, phone: visitor.phone, displayName: displayName(visitor) },
    createdAt: conversation.createdAt,
    updatedAt: conversation.updatedAt,
    snippet: snippet === null ? null : snippetOf(snippet, terms),
  };
}

const iso = (at: number) => new Date(at).toISOString();

function exportView({ conversation, visitor, siteName }: HistoryRow, messages: readonly Message[]): ExportedConversation {
  return {
    id: conversation.id,
    site: siteName,
    status: conversation.status,
    createdAt: iso(conversation.createdAt),
    updatedAt: iso(conversation.updatedAt),
    customer: { name: visitor.name, email: visitor.email, phone: visitor.phone },
    // An event is stored as a code: the export reads it in the console's English, as History shows it.
    messages: messages.map((m) => ({ seq: m.seq, at: iso(m.at), author: m.author, authorName: m.agentName, event: m.event, subjectName: m.subjectName, text: m.event ? eventLine(m.event, m.agentName, m.subjectName, m.params) : m.text })),
  };
}

export type History = ReturnType<typeof createHistory>;

export function createHistory({ store }: Context) {
  const selection = async (agent: Agent, query: HistoryQuery): Promise<HistorySelection> => ({
    scope: listScope(agent, await store.sites.list(), await store.teams.list()),
    query,
    terms: searchTerms(query.text),
  });

  return {
    async search(agent: Agent, query: HistoryQuery, after: HistoryCursor | null): Promise<HistoryPage> {
      const chosen = await selection(agent, query);
      // One row past the page says whether another follows.
      const rows = await store.history.search({ ...chosen, after, limit: HISTORY_PAGE_SIZE + 1 });
      const page = rows.slice(0, HISTORY_PAGE_SIZE);
      return { items: page.map((row) => hitView(row, chosen.terms)), next: rows.length > HISTORY_PAGE_SIZE ? cursorParam(cursorOf(page.at(-1)!)) : null };
    },

    /** The search's conversations with their transcripts, newest first, a page at a time: the next page is read only when the caller asks for it. */
    async *export(agent: Agent, query: HistoryQuery): AsyncGenerator<ExportedConversation[]> {
      const chosen = await selection(agent, query);
      let after: HistoryCursor | null = null;
      for (;;) {
        const rows = await store.history.search({ ...chosen, after, limit: EXPORT_PAGE_SIZE });
        if (rows.length === 0) return;
        const messages = await store.history.transcripts(rows.map((row) => row.conversation.id));
        const of = new Map<string, Message[]>();
        for (const message of messages) {
          const group = of.get(message.conversationId);
          if (group) group.push(message);
          else of.set(message.conversationId, [message]);
        }
        yield rows.map((row) => exportView(row, of.get(row.conversation.id) ?? []));
        if (rows.length < EXPORT_PAGE_SIZE) return;
        after = cursorOf(rows.at(-1)!);
      }
    },
  };
}
