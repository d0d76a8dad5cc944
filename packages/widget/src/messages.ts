/** Pure rules for the visitor's conversation: one conversation's messages by seq, acks as messages, unread counts. */
import { mergeMessages } from '@parley/client';
import type { Message } from '@parley/protocol';

/** The conversation as this tab holds it; `messages` is ordered by seq without duplicates. */
export interface Thread {
  conversationId: string | null;
  messages: readonly Message[];
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
export function addMessages(thread: Thread, conversationId: string | null, incoming: readonly Message[]): Thread {
  const same = !conversationId || !thread.conversationId || conversationId === thread.conversationId;
  const held = same ? thread.messages : [];
  const messages = mergeMessages(held, incoming);
  if (same && messages === held) return thread;
  return { conversationId: conversationId ?? thread.conversationId, messages };
}

/** The message an ack stands for: the server keeps the visitor's text as sent. */
export function ackedMessage(
  ack: { clientId: string; id: string; seq: number; conversationId: string; at: number },
  text: string,
): Message {
  const { clientId, id, seq, conversationId, at } = ack;
  return { id, conversationId, seq, clientId, author: 'visitor', authorName: null, event: null, subjectName: null, params: null, text, at, email: null };
}

/** Messages from the site's side (agents, system) after what the visitor has seen; transcript events ("Ann joined") are not news. */
export function countUnread(thread: Thread, seen: Seen): number {
  const after = seen.conversationId === thread.conversationId ? seen.seq : 0;
  return thread.messages.filter((m) => m.author !== 'visitor' && !m.event && m.seq > after).length;
}
