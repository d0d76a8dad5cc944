/** Pure rules for the conversation list: order, upsert, placing a live change into the loaded pages, and unread. */
import { compareCursors, compareListed, type ConversationSummary, cursorOf, type ListCursor, type ListQuery, matchesQuery, type Message, type VisitorProfile } from '@parley/protocol';

/** In the server's order: who has waited longest first, then the newest activity. */
export function sortConversations(list: readonly ConversationSummary[]): ConversationSummary[] {
  return [...list].sort(compareListed);
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

/** What a live change is placed against: the list shown, whose it is, and where the loaded pages end. */
export interface Placement {
  query: ListQuery;
  agentId: string;
  /** Where the server's next page starts; null: everything is loaded. */
  next: ListCursor | null;
}

/**
 * The loaded pages after a conversation changed or appeared: in its place if it belongs to the
 * list, out if it no longer does. One that now sorts past where the loaded pages end is left for
 * the next page to bring (its keyset starts there), so it is never listed twice nor skipped.
 */
export function placeConversation(list: readonly ConversationSummary[], item: ConversationSummary, { query, agentId, next }: Placement): readonly ConversationSummary[] {
  const placed = upsertConversation(list, item);
  const merged = placed.find((c) => c.id === item.id)!;
  const beyond = next !== null && compareCursors(cursorOf(merged), next) > 0;
  if (matchesQuery(merged, query, agentId) && !beyond) return placed;
  return list.some((c) => c.id === item.id) ? placed.filter((c) => c.id !== item.id) : list;
}

/** A further page joins the loaded ones; a conversation already placed live is kept once. */
export function appendPage(list: readonly ConversationSummary[], items: readonly ConversationSummary[]): ConversationSummary[] {
  return items.reduce<ConversationSummary[]>((acc, item) => upsertConversation(acc, item), [...list]);
}

/** The loaded pages under a new query, until its first page arrives: what still belongs. */
export function narrowTo(list: readonly ConversationSummary[], query: ListQuery, agentId: string): readonly ConversationSummary[] {
  return list.filter((c) => matchesQuery(c, query, agentId));
}

/** Unread: the visitor spoke last, after the last seq this agent saw (transcript events after it are no news). */
export function isUnread(summary: ConversationSummary, seenSeq: number | undefined): boolean {
  return summary.lastMessage?.author === 'visitor' && summary.lastMessage.seq > (seenSeq ?? 0);
}
