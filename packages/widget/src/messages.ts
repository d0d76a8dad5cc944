/** Pure rules for the visitor's conversation: one conversation's messages by seq, unread counts. */
import { mergeMessages } from '@parley/client';
import type { Message } from '@parley/protocol';

export { countUnread, type Seen } from './unread.ts';

/** The conversation as this tab holds it; `messages` is ordered by seq without duplicates. */
export interface Thread {
  conversationId: string | null;
  messages: readonly Message[];
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
