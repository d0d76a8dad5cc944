/** What becomes an item in the notification centre, and the centre's unread count and tab title: pure, so tests need no browser. */
import type { AgentServerFrame, ConversationSummary } from '@parley/protocol';

export type NotificationKind = 'conversation' | 'message' | 'missed';

export interface ConsoleNotification {
  /** Unique within the tab: the frame it came from. */
  id: string;
  kind: NotificationKind;
  conversationId: string;
  title: string;
  body: string;
  at: number;
  read: boolean;
}

/** The centre keeps the latest ones only: an agent away for a day does not fill the tab's memory. */
export const MAX_NOTIFICATIONS = 50;

const TITLES: Record<NotificationKind, string> = {
  conversation: 'New conversation',
  message: 'New message',
  missed: 'Missed conversation',
};

function item(kind: NotificationKind, summary: ConversationSummary, id: string, body: string, at: number): ConsoleNotification {
  return { id, kind, conversationId: summary.id, title: `${TITLES[kind]}: ${summary.visitor.displayName}`, body, at, read: false };
}

/**
 * The item a live frame makes, judged against the list held *before* the frame is applied:
 * a conversation this agent may see appearing (unless an agent started it) or turning missed,
 * and a visitor's message in one the agent has joined. The full list sent on (re)connect makes none.
 */
export function notificationFor(frame: AgentServerFrame, held: readonly ConversationSummary[], agentId: string): ConsoleNotification | null {
  if (frame.t === 'conversation') {
    const next = frame.item;
    const before = held.find((c) => c.id === next.id);
    const body = next.lastMessage?.text ?? '';
    if (next.missed && !before?.missed) return item('missed', next, `missed:${next.id}`, body, next.updatedAt);
    // One an agent started by writing to a visitor on the site is not a customer coming in.
    if (!before && next.lastMessage?.author !== 'agent') return item('conversation', next, `conversation:${next.id}`, body, next.createdAt);
    return null;
  }
  if (frame.t === 'message' && frame.message.author === 'visitor') {
    const summary = held.find((c) => c.id === frame.message.conversationId);
    if (!summary?.agents.some((a) => a.id === agentId)) return null;
    return item('message', summary, `message:${frame.message.id}`, frame.message.text, frame.message.at);
  }
  return null;
}

/** Newest first, each item once, at most MAX_NOTIFICATIONS. */
export function withNotification(list: readonly ConsoleNotification[], added: ConsoleNotification): readonly ConsoleNotification[] {
  if (list.some((n) => n.id === added.id)) return list;
  return [added, ...list].slice(0, MAX_NOTIFICATIONS);
}

/** Opening a conversation reads every item about it. */
export function readConversation(list: readonly ConsoleNotification[], conversationId: string): readonly ConsoleNotification[] {
  return list.some((n) => !n.read && n.conversationId === conversationId)
    ? list.map((n) => (n.conversationId === conversationId ? { ...n, read: true } : n))
    : list;
}

export function unreadNotifications(list: readonly ConsoleNotification[]): number {
  return list.filter((n) => !n.read).length;
}

export function tabTitle(unread: number): string {
  return unread > 0 ? `(${unread}) Parley console` : 'Parley console';
}
