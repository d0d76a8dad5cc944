/**
 * The notification centre, server-side: a listener of domain events that writes each agent's items
 * (new conversation, new message, grab offer, turned overdue, missed), withdraws offers once someone
 * took the conversation, and keeps what each agent read, so every tab and browser of theirs agrees.
 */
import { maySeeConversation, MAX_NOTIFICATIONS, NOTIFICATION_TEXT_LENGTH, type NotificationKind, type Routed } from '@parley/protocol';
import type { NotificationRecord } from '../ports/notification-store.ts';
import type { Agent, Conversation, Site } from '../ports/store.ts';
import { routedConversation, teamOf, visibleConversation } from './access.ts';
import { offeredTo, routed } from './audience.ts';
import type { Context } from './context.ts';
import type { DomainEvent } from './events.ts';
import { displayName, notificationView } from './views.ts';

export type Notifications = ReturnType<typeof createNotifications>;

export function createNotifications(ctx: Context) {
  const { store, dispatch, clock } = ctx;

  const notify = async (kind: NotificationKind, conversation: Conversation, agents: readonly Agent[], text: string) => {
    if (agents.length === 0) return;
    const visitor = await store.visitors.byId(conversation.visitorId);
    const visitorName = displayName(visitor ?? { id: conversation.visitorId, name: null, email: null });
    const at = clock.now();
    const made = await store.notifications.add(agents.map((agent) => ({ agentId: agent.id, kind, conversationId: conversation.id, visitorName, text: text.slice(0, NOTIFICATION_TEXT_LENGTH), at })));
    const items = await Promise.all(made.map(async (notification) => ({ notification, unread: await store.notifications.unreadCount(notification.agentId) })));
    await dispatch.emit([{ type: 'notified', items }]);
  };

  /** Tells each agent whose notifications were read or withdrawn, with their new unread count. */
  const changed = async (agentId: string, read: string[], removed: string[]) => {
    if (read.length + removed.length === 0) return;
    await dispatch.emit([{ type: 'notificationsChanged', agentId, read, removed, unread: await store.notifications.unreadCount(agentId) }]);
  };

  const removed = async (gone: Pick<NotificationRecord, 'id' | 'agentId'>[]) => {
    const byAgent = new Map<string, string[]>();
    for (const { id, agentId } of gone) byAgent.set(agentId, [...(byAgent.get(agentId) ?? []), id]);
    for (const [agentId, ids] of byAgent) await changed(agentId, [], ids);
  };

  /** The agents who can sign in and may see the conversation as it is routed now. */
  const seers = async (route: Routed) => (await store.agents.list()).filter((agent) => agent.disabledAt === null && maySeeConversation(agent, route));

  /** Those in the conversation (joined, or its assignee) who may still see it. */
  const inIt = async (conversationId: string, route: Routed) => {
    const row = await store.conversations.row(conversationId);
    if (!row) return [];
    const ids = new Set([...row.agents.map((agent) => agent.id), ...(row.conversation.assigneeId ? [row.conversation.assigneeId] : [])]);
    return (await seers(route)).filter((agent) => ids.has(agent.id));
  };

  /**
   * A conversation's first message from its visitor. In a grab team it is offered to the team's
   * available agents (team admins and admins assign, they are offered nothing); elsewhere everyone
   * who may see it hears of it. One that turned missed is told as missed instead.
   */
  const newConversation = async (conversation: Conversation, site: Site, text: string) => {
    const team = await teamOf(store, site);
    if (team?.mode === 'grab') return notify('offer', conversation, offeredTo(await store.agents.list(), team), text);
    return notify('conversation', conversation, await seers(routed(site, team, conversation)), text);
  };

  const onMessage = async ({ message, conversation, site }: Extract<DomainEvent, { type: 'message' }>) => {
    if (message.author === 'system') return;
    const current = await store.conversations.byId(conversation.id);
    if (!current) return;
    // An agent's first word (a chat they started) is no customer coming in; a reopened thread is news for who is in it.
    if (message.author === 'visitor' && message.seq === 1) return current.missed ? undefined : newConversation(current, site, message.text);
    const { route } = await routedConversation(store, current, site);
    await notify('message', current, (await inIt(current.id, route)).filter((agent) => agent.id !== message.agentId), message.text);
  };

  /** Overdue: those in the conversation are told; if nobody is, everyone who may see it (a team admin too). */
  const onOverdue = async (conversationId: string, site: Site) => {
    const conversation = await store.conversations.byId(conversationId);
    if (!conversation || conversation.status !== 'open') return;
    const { route } = await routedConversation(store, conversation, site);
    const row = await store.conversations.row(conversationId);
    const members = await inIt(conversationId, route);
    await notify('overdue', conversation, members.length > 0 ? members : await seers(route), row?.lastMessage?.text ?? '');
  };

  const listen = async (event: DomainEvent) => {
    switch (event.type) {
      case 'message':
        return onMessage(event);
      case 'missed': {
        const { route } = await routedConversation(store, event.conversation, event.site);
        return notify('missed', event.conversation, await seers(route), event.message.text);
      }
      case 'urgency':
        return event.urgency === 'overdue' ? onOverdue(event.conversationId, event.site) : undefined;
      case 'assigned':
        // Taken (grabbed, or assigned by an admin): the offer is nobody's any more.
        return event.assigneeId === null ? undefined : removed(await store.notifications.remove(event.conversationId, { kind: 'offer' }));
      case 'lost':
        return removed(await store.notifications.remove(event.conversationId, { agentIds: event.agentIds }));
    }
  };

  /** Of an agent's latest notifications, those about conversations they still may see; the others are dropped for good. */
  const stillSeen = async (agent: Agent, items: NotificationRecord[]) => {
    const sites = new Map((await store.sites.list()).map((site) => [site.id, site]));
    const teams = new Map((await store.teams.list()).map((team) => [team.name, team]));
    const unseen: string[] = [];
    for (const conversationId of new Set(items.map((item) => item.conversationId))) {
      const conversation = await store.conversations.byId(conversationId);
      const site = conversation ? sites.get(conversation.siteId) : undefined;
      if (!conversation || !site || !maySeeConversation(agent, routed(site, teams.get(site.settings.team) ?? null, conversation))) unseen.push(conversationId);
    }
    for (const conversationId of unseen) await store.notifications.remove(conversationId, { agentIds: [agent.id] });
    return unseen.length === 0 ? items : items.filter((item) => !unseen.includes(item.conversationId));
  };

  return {
    listen,

    /** What a console gets on connect: the latest notifications, the unread count, and how far the agent read the listed conversations. */
    async connect(agent: Agent, conversationIds: readonly string[]) {
      const items = await stillSeen(agent, await store.notifications.latest(agent.id, MAX_NOTIFICATIONS));
      return { items: items.map(notificationView), unread: await store.notifications.unreadCount(agent.id), seen: await store.notifications.seenOf(agent.id, conversationIds) };
    },

    /** Marks these (or all) of the agent's notifications read; every tab of theirs hears it. */
    async read(agent: Agent, ids?: readonly string[]) {
      await changed(agent.id, await store.notifications.markRead(agent.id, { ids }, clock.now()), []);
    },

    /** The agent saw the conversation up to seq: its dot clears, and what they were notified of about it is read. */
    async seen(agent: Agent, conversationId: string, seq: number) {
      const { conversation } = await visibleConversation(store, agent, conversationId);
      const upTo = Math.min(seq, conversation.lastSeq);
      if (await store.notifications.markSeen(agent.id, conversationId, upTo)) await dispatch.emit([{ type: 'seen', agentId: agent.id, conversationId, seq: upTo }]);
      await changed(agent.id, await store.notifications.markRead(agent.id, { conversationId }, clock.now()), []);
    },
  };
}
