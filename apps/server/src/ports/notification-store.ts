/** The store's part for the notification centre: each agent's items and read marks, and how far they read each conversation. */
import type { NotificationKind } from '@parley/protocol';

export interface NotificationRecord {
  id: string;
  agentId: string;
  kind: NotificationKind;
  conversationId: string;
  visitorName: string;
  text: string;
  at: number;
  /** Null while unread. */
  readAt: number | null;
}

export type NewNotification = Omit<NotificationRecord, 'id' | 'readAt'>;

/** Which of an agent's notifications a read mark covers: these ids, those about one conversation, or (neither) all. */
export interface ReadTarget {
  ids?: readonly string[];
  conversationId?: string;
}

export interface NotificationStore {
  add(items: readonly NewNotification[]): Promise<NotificationRecord[]>;
  /** Newest first. */
  latest(agentId: string, limit: number): Promise<NotificationRecord[]>;
  unreadCount(agentId: string): Promise<number>;
  /** The ids it newly marked read. */
  markRead(agentId: string, target: ReadTarget, at: number): Promise<string[]>;
  /** Deletes a conversation's notifications: of `kind` for everyone, or every one of `agentIds`. The ones deleted. */
  remove(conversationId: string, which: { kind: NotificationKind } | { agentIds: readonly string[] }): Promise<Pick<NotificationRecord, 'id' | 'agentId'>[]>;
  /** Raises the agent's seen seq of the conversation (never lowers it); whether it rose. */
  markSeen(agentId: string, conversationId: string, seq: number): Promise<boolean>;
  /** The agent's seen seq of each of these conversations that has one. */
  seenOf(agentId: string, conversationIds: readonly string[]): Promise<Record<string, number>>;
}
