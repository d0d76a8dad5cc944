/** Conversations as agents handle them: history, join, leave, close, typing, and closing the silent ones. */
import { TYPING_REFRESH_MS, type TranscriptEvent } from '@parley/protocol';
import type { ClaimedJob } from '../ports/jobs.ts';
import type { Agent, Conversation, Site, StoreTx } from '../ports/store.ts';
import { mayAssign, maySeeConversation } from '@parley/protocol';
import { visibleConversation } from './access.ts';
import { routed } from './audience.ts';
import { AppError } from './errors.ts';
import { coalescer } from './coalesce.ts';
import type { Context } from './context.ts';
import type { DomainEvent } from './events.ts';
import { historyOf, olderOf } from './transcript-pages.ts';
import { cancelUrgency } from './urgency.ts';
import { messageView } from './views.ts';

export const AUTO_CLOSE_JOB = 'conversation.autoClose';

/** After a message: the conversation closes once it has been silent for the site's autoCloseAfter. */
export function scheduleAutoClose(tx: StoreTx, site: Site, conversationId: string, at: number) {
  const seconds = site.settings.autoCloseAfter;
  return seconds > 0 ? tx.jobs.schedule({ kind: AUTO_CLOSE_JOB, key: conversationId, at: at + seconds * 1000 }) : undefined;
}

/** A transcript event in the transaction of the change it records, as the domain event to emit after the commit. */
export async function recordEvent(tx: StoreTx, conversation: Conversation, site: Site, event: TranscriptEvent, agent: Agent, at: number, subject?: Agent): Promise<DomainEvent> {
  const message = await tx.messages.recordEvent(conversation.id, { event, agentId: agent.id, subjectAgentId: subject?.id, at });
  return { type: 'transcript', message, conversation, site };
}

/** Joins the agent; a first join is recorded in the transcript. */
export async function joinRecorded(tx: StoreTx, conversation: Conversation, site: Site, agent: Agent, at: number): Promise<DomainEvent[]> {
  return (await tx.conversations.join(conversation.id, agent.id, at)) ? [await recordEvent(tx, conversation, site, 'joined', agent, at)] : [];
}

export type Conversations = ReturnType<typeof createConversations>;

export function createConversations(ctx: Context) {
  const { store, dispatch, clock, tasks } = ctx;
  const track = (delivery: Promise<void>) => void tasks.track(delivery.catch((error: unknown) => console.error(error)));

  const visible = (agent: Agent, conversationId: string) => visibleConversation(store, agent, conversationId);

  const changed = (conversationId: string, site: Site) => dispatch.emit([{ type: 'conversation', conversationId, site }]);

  /** The members who could see the conversation before it changed hands and cannot now. */
  const losers = async (route: ReturnType<typeof routed>, before: string | null, after: string | null) => {
    const members = await store.agents.list();
    return members.filter((m) => maySeeConversation(m, { ...route, assigneeId: before }) && !maySeeConversation(m, { ...route, assigneeId: after })).map((m) => m.id);
  };

  /**
   * A visitor's typing reaches agents at most once per TYPING_REFRESH_MS, however many frames a
   * widget sends: a change of state, or an `on` that keeps the indicator from expiring.
   */
  const visitorTyping = coalescer<{ site: Site; on: boolean }>({
    windowMs: TYPING_REFRESH_MS,
    async deliver(visitorId, { site, on }) {
      const conversation = await store.conversations.ofVisitor(visitorId);
      if (conversation) await dispatch.emit([{ type: 'visitorTyping', conversationId: conversation.id, site, on }]);
    },
    news: (delivered, held) => held.on || delivered.on,
    track,
  });

  return {
    async history(agent: Agent, conversationId: string, since: number) {
      const { conversation } = await visible(agent, conversationId);
      const { messages, older } = await historyOf(store, conversation, since);
      return { messages: messages.map(messageView), older };
    },

    async older(agent: Agent, conversationId: string, before: number, limit: number) {
      await visible(agent, conversationId);
      const { messages, more } = await olderOf(store, conversationId, before, limit);
      return { messages: messages.map(messageView), more };
    },

    /** In a grab team, an agent joining what nobody grabbed yet grabs it: joining is how the offer is taken. */
    async join(agent: Agent, conversationId: string) {
      const { conversation, site, route } = await visible(agent, conversationId);
      if (agent.role === 'agent' && route.team?.mode === 'grab' && conversation.assigneeId === null) return this.assign(agent, conversationId, agent.id);
      const events = await store.transaction((tx) => joinRecorded(tx, conversation, site, agent, clock.now()));
      await dispatch.emit(events);
      await changed(conversationId, site);
    },

    /**
     * Assigns the conversation (null: to nobody). An agent may take only what nobody holds: the store
     * sets the assignee in one conditional statement, so of two grabs at the same instant exactly one
     * wins and the other is told who did. In a grab team the agents who may no longer see it are
     * told to drop it.
     */
    async assign(agent: Agent, conversationId: string, assigneeId: string | null) {
      const { conversation, site, route } = await visible(agent, conversationId);
      if (!mayAssign(agent, route, assigneeId)) throw new AppError('forbidden', 'Only admins and team admins assign conversations to others.');
      const assignee = assigneeId === null ? null : await store.agents.byId(assigneeId);
      if (assigneeId !== null && (!assignee || assignee.disabledAt !== null || !maySeeConversation(assignee, { ...route, assigneeId }))) {
        throw new AppError('bad_request', 'That agent cannot take this conversation: they are not on its team.');
      }
      // An agent taking it must find it free; admins and team admins reassign over anyone.
      const taking = agent.role === 'agent' && assigneeId !== null;
      const before = conversation.assigneeId;
      const at = clock.now();
      const events = await store.transaction(async (tx) => {
        if (!(await tx.conversations.assign(conversationId, assigneeId, { unlessAssigned: taking }))) {
          const holder = (await tx.conversations.byId(conversationId))?.assigneeId;
          const name = holder ? (await tx.agents.byId(holder))?.name : null;
          throw new AppError('conflict', name === agent.name ? 'This conversation is yours already.' : `${name ?? 'Another agent'} took this conversation first.`);
        }
        const assigned = { ...conversation, assigneeId };
        if (!assignee) return [];
        // Who takes a conversation is in it; one assigned by someone else joins when they come to it.
        const joined = assignee.id === agent.id ? await joinRecorded(tx, assigned, site, assignee, at) : [];
        return [...joined, await recordEvent(tx, assigned, site, 'assigned', agent, at, assignee)];
      });
      const lost = route.team?.mode === 'grab' ? await losers(route, before, assigneeId) : [];
      await dispatch.emit([...events, ...(lost.length > 0 ? [{ type: 'lost' as const, conversationId, agentIds: lost }] : []), { type: 'assigned', conversationId, site, assigneeId, by: agent }]);
      await changed(conversationId, site);
    },

    async leave(agent: Agent, conversationId: string) {
      const { conversation, site } = await visible(agent, conversationId);
      const events = await store.transaction(async (tx) => {
        const at = clock.now();
        return (await tx.conversations.leave(conversationId, agent.id)) ? [await recordEvent(tx, conversation, site, 'left', agent, at)] : [];
      });
      await dispatch.emit(events);
      await changed(conversationId, site);
    },

    /**
     * Closes it, sending the customer `message` first (the site's closingMessage when not given,
     * none when empty): their last word from the site's side, before the transcript's "closed".
     */
    async close(agent: Agent, conversationId: string, message?: string) {
      const { conversation, site } = await visible(agent, conversationId);
      const text = message ?? site.settings.closingMessage;
      const events = await store.transaction(async (tx): Promise<DomainEvent[]> => {
        const at = clock.now();
        const current = await tx.conversations.byId(conversationId);
        if (current?.status !== 'open') return [];
        await tx.jobs.cancel(AUTO_CLOSE_JOB, conversationId);
        await cancelUrgency(tx, conversationId);
        // Named by the seq it follows: a conversation closes once per reopening, so the name is its own.
        const closing = text ? await tx.messages.append(current, { clientId: `closing-${current.lastSeq}`, text, at, author: 'agent', agentId: agent.id }) : null;
        await tx.conversations.close(conversationId, at);
        const said: DomainEvent[] = closing ? [{ type: 'message', message: closing.message, conversation: closing.conversation, site }] : [];
        return [...said, await recordEvent(tx, conversation, site, 'closed', agent, at)];
      });
      await dispatch.emit(events);
      await changed(conversationId, site);
    },

    async agentTyping(agent: Agent, conversationId: string, on: boolean) {
      const { conversation } = await visible(agent, conversationId);
      await dispatch.emit([{ type: 'agentTyping', visitorId: conversation.visitorId, name: agent.name, on }]);
    },

    visitorTyping: (site: Site, visitorId: string, on: boolean) => visitorTyping.push(visitorId, { site, on }),

    /** At stop: the typing still held goes out now. */
    flush() {
      visitorTyping.flush();
    },

    /**
     * The auto-close deadline: closes the conversation if it stayed silent; a later message moved
     * the deadline already. Never while the customer waits for an answer: the answer books it again.
     */
    async autoClose(job: ClaimedJob) {
      const conversation = await store.conversations.byId(job.key);
      const site = conversation ? await store.sites.byId(conversation.siteId) : null;
      if (!conversation || !site || site.settings.autoCloseAfter === 0) return;
      const now = clock.now();
      // Read again in the transaction that closes: a customer message just before must keep it open.
      const closed = await store.transaction(async (tx) => {
        const current = await tx.conversations.byId(conversation.id);
        if (current?.status !== 'open' || current.waitingSince !== null) return false;
        const due = current.updatedAt + site.settings.autoCloseAfter * 1000;
        if (due > now) {
          await tx.jobs.schedule({ kind: AUTO_CLOSE_JOB, key: current.id, at: due });
          return false;
        }
        return tx.conversations.close(current.id, now);
      });
      if (closed) await changed(conversation.id, site);
    },

    /** When a site's autoCloseAfter changes: every open conversation gets its deadline. */
    async scheduleSiteAutoClose(site: Site) {
      if (site.settings.autoCloseAfter === 0) return;
      const ids = await store.conversations.silent(site.id, clock.now() + 1);
      await store.transaction(async (tx) => {
        for (const id of ids) await tx.jobs.schedule({ kind: AUTO_CLOSE_JOB, key: id, at: clock.now() });
      });
      ctx.wakeJobs();
    },
  };
}
