/** Pure rules for the conversation list: order, upsert, filter and unread. */
import type { ConversationSummary, Message, VisitorProfile } from '@parley/protocol';

export type ListFilter = 'all' | 'open' | 'closed' | 'online' | 'missed';

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

/**
 * The summary with `message` as its latest one, or the summary itself when it already is newer.
 * A transcript event or an automatic note (the away reply, author 'system') takes its seq only,
 * as on the server: it is nobody's latest word.
 */
export function withMessage(summary: ConversationSummary, message: Message): ConversationSummary {
  if (message.seq <= summary.lastSeq) return summary;
  if (message.author === 'system') return { ...summary, lastSeq: message.seq };
  return {
    ...summary,
    lastMessage: message,
    lastSeq: message.seq,
    updatedAt: Math.max(summary.updatedAt, message.at),
  };
}

/** A visitor's change lands in every conversation of theirs; the list itself when they have none. */
export function withVisitor(list: readonly ConversationSummary[], visitor: VisitorProfile): readonly ConversationSummary[] {
  if (!list.some((c) => c.visitor.id === visitor.id)) return list;
  return list.map((c) => (c.visitor.id === visitor.id ? { ...c, visitor } : c));
}

const FILTERS: Record<Exclude<ListFilter, 'all'>, (c: ConversationSummary) => boolean> = {
  open: (c) => c.status === 'open',
  closed: (c) => c.status === 'closed',
  online: (c) => c.visitor.online,
  missed: (c) => c.missed,
};

export function filterConversations(list: readonly ConversationSummary[], filter: ListFilter): readonly ConversationSummary[] {
  return filter === 'all' ? list : list.filter(FILTERS[filter]);
}

/** Unread: the visitor spoke last, after the last seq this agent saw (transcript events after it are no news). */
export function isUnread(summary: ConversationSummary, seenSeq: number | undefined): boolean {
  return summary.lastMessage?.author === 'visitor' && summary.lastMessage.seq > (seenSeq ?? 0);
}
