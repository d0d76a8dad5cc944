/** Pure rules for the visitor's conversation: messages merged by seq, sends awaiting their ack, unread counts. */
import type { Message } from '@parley/protocol';

/** The conversation as this tab holds it; `messages` is ordered by seq without duplicates. */
export interface Thread {
  conversationId: string | null;
  messages: Message[];
}

/** A send the server has not acknowledged yet; kept in storage so it survives a reload. */
export interface Outgoing {
  clientId: string;
  text: string;
  at: number;
  /** The server refused it; it stays visible with a Retry. Not persisted: a reload retries it. */
  failed?: boolean;
}

/** What the visitor has read: seqs restart with each conversation, so the conversation is part of it. */
export interface Seen {
  conversationId: string | null;
  seq: number;
}

export function lastSeq(thread: Thread): number {
  return thread.messages[thread.messages.length - 1]?.seq ?? 0;
}

/**
 * Adds messages to the thread. A different conversation replaces the thread, because seqs restart
 * there. Returns `thread` itself when nothing is new, so signals holding it do not fire.
 */
export function addMessages(thread: Thread, conversationId: string | null, incoming: Message[]): Thread {
  const same = !conversationId || !thread.conversationId || conversationId === thread.conversationId;
  const bySeq = new Map(same ? thread.messages.map((m) => [m.seq, m]) : []);
  let changed = !same;
  for (const message of incoming) {
    if (!bySeq.has(message.seq)) {
      bySeq.set(message.seq, message);
      changed = true;
    }
  }
  if (!changed) return thread;
  return {
    conversationId: conversationId ?? thread.conversationId,
    messages: [...bySeq.values()].sort((a, b) => a.seq - b.seq),
  };
}

/** Drops sends the thread already holds (acked, or echoed back in history). Returns `outbox` itself when none. */
export function settle(outbox: Outgoing[], thread: Thread): Outgoing[] {
  const held = new Set(thread.messages.map((m) => m.clientId));
  const rest = outbox.filter((o) => !held.has(o.clientId));
  return rest.length === outbox.length ? outbox : rest;
}

/** The message an ack stands for: the server keeps the visitor's text as sent. */
export function ackedMessage(
  ack: { clientId: string; id: string; seq: number; conversationId: string; at: number },
  text: string,
): Message {
  const { clientId, id, seq, conversationId, at } = ack;
  return { id, conversationId, seq, clientId, author: 'visitor', authorName: null, text, at, email: null };
}

/** Messages from the site's side (agents, system) after what the visitor has seen. */
export function countUnread(thread: Thread, seen: Seen): number {
  const after = seen.conversationId === thread.conversationId ? seen.seq : 0;
  return thread.messages.filter((m) => m.author !== 'visitor' && m.seq > after).length;
}
