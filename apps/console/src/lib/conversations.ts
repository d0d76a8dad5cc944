/** Pure rules for the conversation list: order, upsert, filter and unread. */
import type { ConversationSummary, Message } from '@parley/protocol';

export type ListFilter = 'all' | 'open' | 'closed';

/** Newest activity first; the id breaks ties so the order never flickers. */
export function sortConversations(list: readonly ConversationSummary[]): ConversationSummary[] {
  return [...list].sort((a, b) => b.updatedAt - a.updatedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * Puts `item` in the list in place of the one with its id. A summary that arrives after a newer
 * message was already noted keeps that message: the server's order across frames is not trusted
 * to be the order of seqs.
 */
export function upsertConversation(
  list: readonly ConversationSummary[],
  item: ConversationSummary,
): ConversationSummary[] {
  const held = list.find((c) => c.id === item.id);
  const next = held && held.lastSeq > item.lastSeq
    ? { ...item, lastMessage: held.lastMessage, lastSeq: held.lastSeq, updatedAt: Math.max(held.updatedAt, item.updatedAt) }
    : item;
  return sortConversations([...list.filter((c) => c.id !== item.id), next]);
}

/** The summary with `message` as its latest one, or the summary itself when it already is newer. */
export function withMessage(summary: ConversationSummary, message: Message): ConversationSummary {
  if (message.seq <= summary.lastSeq) return summary;
  return {
    ...summary,
    lastMessage: message,
    lastSeq: message.seq,
    updatedAt: Math.max(summary.updatedAt, message.at),
  };
}

export function filterConversations(list: readonly ConversationSummary[], filter: ListFilter): readonly ConversationSummary[] {
  return filter === 'all' ? list : list.filter((c) => c.status === filter);
}

/** Unread: the visitor spoke last, after the last seq this agent saw. */
export function isUnread(summary: ConversationSummary, seenSeq: number | undefined): boolean {
  return summary.lastMessage?.author === 'visitor' && summary.lastSeq > (seenSeq ?? 0);
}
