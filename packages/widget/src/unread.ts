/** What is unread: a module of its own, since the loader uses it without the rest of messages.ts. */
import type { Thread } from './messages.ts';

/** What the visitor has read: seqs restart with each conversation, so the conversation is part of it. */
export interface Seen {
  conversationId: string | null;
  seq: number;
}

/** Messages from the site's side (agents, system) after what the visitor has seen; transcript events ("Ann joined") are not news. */
export function countUnread(thread: Thread, seen: Seen): number {
  const after = seen.conversationId === thread.conversationId ? seen.seq : 0;
  return thread.messages.filter((m) => m.author !== 'visitor' && !m.event && m.seq > after).length;
}
