/**
 * A conversation's history as clients read it: on a first open its latest page and whether older
 * messages exist; on a resume every message after what the client holds (nothing lost on a
 * reconnect, however many); older pages on request as the reader scrolls up.
 */
import { HISTORY_PAGE } from '@parley/protocol';
import type { Conversation, Message, StoreTx } from '../ports/store.ts';

/** `since` 0: the latest HISTORY_PAGE; otherwise all after it. `older` counts every stored message, seen by the reader or not. */
export async function historyOf(store: StoreTx, conversation: Conversation, since: number): Promise<{ messages: Message[]; older: boolean }> {
  const messages = since > 0 ? await store.messages.since(conversation.id, since) : await store.messages.before(conversation.id, conversation.lastSeq + 1, HISTORY_PAGE);
  // Seqs start at 1 without gaps: older messages exist exactly when the first one here is past 1.
  return { messages, older: (messages[0]?.seq ?? conversation.lastSeq + 1) > 1 };
}

/** The latest `limit` messages before `before`, and whether there are more before them. */
export async function olderOf(store: StoreTx, conversationId: string, before: number, limit: number): Promise<{ messages: Message[]; more: boolean }> {
  const page = await store.messages.before(conversationId, before, limit + 1);
  return page.length > limit ? { messages: page.slice(1), more: true } : { messages: page, more: false };
}
