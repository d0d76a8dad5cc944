/** The store's part for History: conversations the agent may see, found by text, customer, agent, time, status and site; and their transcripts. */
import type { HistoryCursor, HistoryQuery } from '@parley/protocol';
import type { Conversation, ListScope, Message, Visitor } from './store.ts';

export interface HistorySelection {
  /** audience's listScope; null: every conversation. */
  scope: ListScope | null;
  query: HistoryQuery;
  /** protocol's searchTerms(query.text): every one must stand in one message of a hit; none: no text search. */
  terms: readonly string[];
}

export interface HistoryRow {
  conversation: Conversation;
  visitor: Visitor;
  siteName: string;
  /** The text of the newest message holding every term; without terms, of the latest message. Null: none. */
  snippet: string | null;
}

export interface HistoryStore {
  /** A page in (updatedAt, id) descending, after `after`: a keyset, so pages never repeat or skip a row. */
  search(input: HistorySelection & { after: HistoryCursor | null; limit: number }): Promise<HistoryRow[]>;
  /** Every message and transcript event of these conversations, by conversation (in the order given) then seq. */
  transcripts(conversationIds: readonly string[]): Promise<Message[]>;
}
