/** How the notification centre's items read and change, and the tab title: pure, so tests need no browser. */
import { type AgentNotification, MAX_NOTIFICATIONS } from '@parley/protocol';
import { strings } from '../strings.ts';

export function notificationTitle(item: Pick<AgentNotification, 'kind' | 'visitorName'>): string {
  return `${strings.notificationCentre.kinds[item.kind]}: ${item.visitorName}`;
}

/** Newest first, each item once, at most MAX_NOTIFICATIONS (what the server sends on connect). */
export function withNotification(list: readonly AgentNotification[], added: AgentNotification): readonly AgentNotification[] {
  if (list.some((n) => n.id === added.id)) return list;
  return [added, ...list].slice(0, MAX_NOTIFICATIONS);
}

/** The list with these items read and those removed; the same list when nothing changes. */
export function changedNotifications(list: readonly AgentNotification[], read: readonly string[], removed: readonly string[] = []): readonly AgentNotification[] {
  const touched = list.some((n) => (!n.read && read.includes(n.id)) || removed.includes(n.id));
  return touched ? list.filter((n) => !removed.includes(n.id)).map((n) => (!n.read && read.includes(n.id) ? { ...n, read: true } : n)) : list;
}

/** The unread items of a conversation: read when the agent looks at it. */
export function unreadOf(list: readonly AgentNotification[], conversationId: string): string[] {
  return list.filter((n) => !n.read && n.conversationId === conversationId).map((n) => n.id);
}

export function tabTitle(unread: number): string {
  return unread > 0 ? strings.notificationCentre.tabTitleUnread(unread) : strings.notificationCentre.tabTitle;
}
