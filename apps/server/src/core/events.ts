/**
 * Domain events: what a command changed, returned by the command and emitted once it committed.
 * `emit` turns each into the frames its audience hears (views + audience) and hands them to the
 * bus, then tells in-process listeners (the email fallback, the notification centre).
 */
import type { AgentServerFrame, Urgency, VisitorServerFrame, WidgetConfig } from '@parley/protocol';
import type { Bus, Topic } from '../ports/bus.ts';
import type { EmailChange } from '../ports/mail-store.ts';
import type { NotificationRecord } from '../ports/notification-store.ts';
import type { Presence } from '../ports/presence.ts';
import type { Agent, Conversation, Message, Site, Store } from '../ports/store.ts';
import { conversationTopics, routed, siteAgents, topic, visitorMaySee } from './audience.ts';
import { contextRecordView } from './context-records.ts';
import type { Tasks } from './tasks.ts';
import { agentView, messageView, notificationView, profileView, receiptsView, summaryView } from './views.ts';

export type DomainEvent =
  /** A message was stored (a retried send is no event). */
  | { type: 'message'; message: Message; conversation: Conversation; site: Site }
  /** A transcript event was recorded (joined, left, closed, assigned): agents hear it, the visitor only what visitorMaySee allows. */
  | { type: 'transcript'; message: Message; conversation: Conversation; site: Site }
  /** These agents may no longer see the conversation (someone grabbed it, or it was reassigned): their consoles drop it. */
  | { type: 'lost'; conversationId: string; agentIds: string[] }
  /** A conversation got an assignee (or lost it), by an admin's hand or a grab. */
  | { type: 'assigned'; conversationId: string; site: Site; assigneeId: string | null; by: Agent }
  /** A conversation's list entry changed: status, agents, missed, seen, urgency. */
  | { type: 'conversation'; conversationId: string; site: Site }
  /**
   * A deadline moved a wait's urgency (to 'overdue': the customer waited past the site's
   * overdueAfter). For listeners: its list line goes out with the 'conversation' event beside it.
   */
  | { type: 'urgency'; conversationId: string; site: Site; urgency: Urgency; waitingSince: number }
  /** What agents see of a visitor changed: came or went, page, activity, details, location. */
  | { type: 'visitor'; visitorId: string; site: Site }
  /** The visitor went offline: their last tab closed. */
  | { type: 'visitorLeft'; visitorId: string; site: Site }
  | { type: 'visitorTyping'; conversationId: string; site: Site; on: boolean }
  | { type: 'agentTyping'; visitorId: string; name: string; on: boolean }
  /** The visitor's contact details changed: their own tabs are told. */
  | {
      type: 'contact';
      visitorId: string;
      name: string | null;
      email: string | null;
      /** The email came in an identify call with a valid HMAC: the site vouches for it, so mail needs no confirmation. */
      emailVouched: boolean;
    }
  /** Whether a site's visitors can get an answer now changed; backAt: when its opening hours open it again. */
  | { type: 'availability'; siteId: string; available: boolean; backAt: number | null }
  /** What a site's widgets show changed: its settings or name, or the agents in the header. */
  | { type: 'config'; siteId: string; config: WidgetConfig }
  /** An agent's own record changed. */
  | { type: 'agent'; agent: Agent }
  /** Who of the agents is available or has a console open changed, or who they are. */
  | { type: 'agents' }
  /** A team was added or its mode changed. */
  | { type: 'teams' }
  | { type: 'email'; change: EmailChange; site: Site }
  /** A visitor's message came while nobody could answer, and the conversation turned missed. */
  | { type: 'missed'; conversation: Conversation; site: Site; message: Message }
  /** New notification centre items, each for its agent's consoles, with that agent's unread count. */
  | { type: 'notified'; items: { notification: NotificationRecord; unread: number }[] }
  /** Some of an agent's notifications were read (in any tab) or withdrawn. */
  | { type: 'notificationsChanged'; agentId: string; read: string[]; removed: string[]; unread: number }
  /** The context records of a visitor's conversation changed: the agents who see the visitor get them all again. */
  | { type: 'contexts'; visitorId: string; site: Site }
  /** An agent saw a conversation up to seq: all their consoles clear its unread dot. */
  | { type: 'seen'; agentId: string; conversationId: string; seq: number }
  /** A conversation's receipts rose: its visitor and its agents hear the new marks. */
  | { type: 'receipts'; conversation: Conversation; site: Site };

export type EventListener = (event: DomainEvent) => void | Promise<void>;

export type Dispatch = ReturnType<typeof createDispatch>;

export function createDispatch({ store, bus, presence, tasks }: { store: Store; bus: Bus; presence: Presence; tasks: Tasks }) {
  const listeners: EventListener[] = [];
  const send = (topics: Topic[], frame: AgentServerFrame | VisitorServerFrame) => bus.publish(topics, JSON.stringify(frame));
  const online = async (visitorId: string) => (await presence.count('visitor', visitorId)) > 0;

  /**
   * A conversation's list line, read and sent once per turn of the event loop however many of its
   * events came in it: under load, one line per burst instead of one per message.
   */
  const dueSummaries = new Set<string>();
  const summary = (conversationId: string) => {
    if (dueSummaries.has(conversationId)) return;
    dueSummaries.add(conversationId);
    // Not awaited by emit: the ack need not wait for the list line. stop() waits for it through tasks.
    tasks.track(
      new Promise<void>((resolve) =>
        setImmediate(() => {
          dueSummaries.delete(conversationId);
          sendSummary(conversationId)
            .catch((error: unknown) => console.error('A list line could not be sent:', error))
            .finally(resolve);
        }),
      ),
    );
  };
  const sendSummary = async (conversationId: string) => {
    const row = await store.conversations.row(conversationId);
    if (!row) return;
    const item = summaryView(row, await online(row.visitor.id));
    await send(conversationTopics({ team: item.team, assigneeId: row.conversation.assigneeId }), { t: 'conversation', item });
  };

  /** The topics of a conversation as it is now: its assignee may have changed since the event was made. */
  const topicsOf = async (conversation: Conversation | string, site: Site) => {
    const current = typeof conversation === 'string' ? await store.conversations.byId(conversation) : conversation;
    if (!current) return [];
    const team = site.settings.team ? await store.teams.byName(site.settings.team) : null;
    return conversationTopics(routed(site, team, current));
  };

  const agentsList = async () => {
    const agents = await store.agents.list();
    const connected = await presence.onlineOf('agent', agents.map((a) => a.id));
    return agents.filter((a) => a.disabledAt === null).map((a) => ({ id: a.id, name: a.name, role: a.role, teams: a.teams, status: a.status, online: connected.has(a.id) }));
  };

  const framesOf = async (event: DomainEvent) => {
    switch (event.type) {
      case 'message': {
        // The same frame for the visitor's tabs and the agents: serialized and published once.
        await send([topic.visitor(event.conversation.visitorId), ...(await topicsOf(event.conversation, event.site))], { t: 'message', message: messageView(event.message) });
        return summary(event.conversation.id);
      }
      case 'transcript': {
        const visitor = visitorMaySee(event.message) ? [topic.visitor(event.conversation.visitorId)] : [];
        return send([...visitor, ...(await topicsOf(event.conversation.id, event.site))], { t: 'message', message: messageView(event.message) });
      }
      case 'assigned':
        return;
      case 'lost':
        return send(event.agentIds.map(topic.agent), { t: 'removed', conversationId: event.conversationId });
      case 'conversation':
        return summary(event.conversationId);
      case 'urgency':
        return;
      case 'visitor':
      case 'visitorLeft': {
        const visitor = await store.visitors.byId(event.visitorId);
        if (!visitor) return;
        await send(siteAgents(event.site), { t: 'visitor', item: profileView(visitor, await online(visitor.id)) });
        const conversation = await store.conversations.ofVisitor(visitor.id);
        return conversation ? summary(conversation.id) : undefined;
      }
      case 'visitorTyping':
        return send(await topicsOf(event.conversationId, event.site), { t: 'typing', conversationId: event.conversationId, on: event.on });
      case 'agentTyping':
        return send([topic.visitor(event.visitorId)], { t: 'typing', on: event.on, name: event.name });
      case 'contact':
        return send([topic.visitor(event.visitorId)], { t: 'profile', name: event.name, email: event.email });
      case 'availability':
        return send([topic.site(event.siteId)], { t: 'availability', available: event.available, backAt: event.backAt });
      case 'config':
        return send([topic.site(event.siteId)], { t: 'config', config: event.config });
      case 'agent':
        await send([topic.agent(event.agent.id)], { t: 'me', agent: agentView(event.agent) });
        return send([topic.everyAgent], { t: 'agents', items: await agentsList() });
      case 'agents':
        return send([topic.everyAgent], { t: 'agents', items: await agentsList() });
      case 'teams':
        return send([topic.everyAgent], { t: 'teams', items: await store.teams.list() });
      case 'email':
        return send(await topicsOf(event.change.conversationId, event.site), { t: 'email', ...event.change });
      case 'missed':
        return;
      case 'notified':
        for (const { notification, unread } of event.items) await send([topic.agent(notification.agentId)], { t: 'notification', item: notificationView(notification), unread });
        return;
      case 'notificationsChanged':
        return send([topic.agent(event.agentId)], { t: 'notificationsChanged', read: event.read, removed: event.removed, unread: event.unread });
      case 'seen':
        return send([topic.agent(event.agentId)], { t: 'seen', items: { [event.conversationId]: event.seq } });
      case 'contexts':
        return send(siteAgents(event.site), { t: 'contexts', visitorId: event.visitorId, records: (await store.contextRecords.of(event.visitorId)).map(contextRecordView) });
      case 'receipts':
        return send([topic.visitor(event.conversation.visitorId), ...(await topicsOf(event.conversation, event.site))], {
          t: 'receipts',
          conversationId: event.conversation.id,
          receipts: receiptsView(event.conversation),
        });
    }
  };

  return {
    on(listener: EventListener) {
      listeners.push(listener);
    },
    /** Publishes the events in order; a listener's failure is logged, never the caller's. */
    async emit(events: readonly DomainEvent[]) {
      for (const event of events) {
        await framesOf(event);
        for (const listener of listeners) {
          try {
            await listener(event);
          } catch (error) {
            console.error(`A listener of ${event.type} failed:`, error);
          }
        }
      }
    },
  };
}
