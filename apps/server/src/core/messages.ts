/**
 * Messages in: from a visitor's widget or email, from an agent's console. Each is stored once per
 * client id in one transaction with what it changes, and announced only after that commit.
 */
import type { Attachment, MessageCall } from '@parley/protocol';
import type { Agent, Appended, Conversation, Site, StoreTx, Visitor } from '../ports/store.ts';
import { visibleConversation, visibleVisitor } from './access.ts';
import type { Context } from './context.ts';
import { joinRecorded, scheduleAutoClose } from './conversations.ts';
import { AppError } from './errors.ts';
import type { DomainEvent } from './events.ts';
import { PROMPT_FALLBACK_JOB } from './mail/service.ts';
import type { Sites } from './sites.ts';
import { cancelUrgency, scheduleUrgency } from './urgency.ts';
import { displayName } from './views.ts';
import { createVisitorLimits } from './visitor-limits.ts';

/** After an agent's message: it ended any wait, and the conversation may now close once silent. */
async function answered(tx: StoreTx, site: Site, conversationId: string, at: number) {
  await cancelUrgency(tx, conversationId);
  await scheduleAutoClose(tx, site, conversationId, at);
}

/** Whether email may reach the customer: an address that has neither bounced nor unsubscribed. */
export const mayMail = (visitor: Pick<Visitor, 'email' | 'emailStatus'>) => !!visitor.email && visitor.emailStatus === 'ok';

export type Messages = ReturnType<typeof createMessages>;

export function createMessages(ctx: Context, sites: Sites) {
  const { store, dispatch, clock } = ctx;
  const limits = createVisitorLimits(ctx);

  /**
   * The site's auto-reply as a transcript event, or null when the site turned it off: the owner's
   * words as they wrote them, or none (null text) for the widget's own in the visitor's language.
   */
  const autoReply = async (tx: StoreTx, site: Site, conversation: Conversation, at: number): Promise<DomainEvent | null> => {
    const setting = site.settings.autoReply.trim();
    if (setting.toLowerCase() === 'off') return null;
    const message = await tx.messages.recordEvent(conversation.id, { event: 'autoReply', agentId: null, params: { text: setting || null }, at });
    return { type: 'transcript', message, conversation, site };
  };

  const announce = async (site: Site, appended: Appended[]) => {
    const events: DomainEvent[] = appended.filter((a) => a.created).map(({ message, conversation }) => ({ type: 'message', message, conversation, site }));
    await dispatch.emit(events);
  };

  /**
   * `available: false` says no agent can answer now: the conversation is then marked missed for
   * follow-up and the visitor gets the site's auto-reply, once until an agent answers (which ends
   * the missed stretch). Replies by email leave it out: they need no such note.
   */
  const postVisitorMessage = async (site: Site, input: { visitorId: string; clientId: string; text: string; attachment?: Attachment; available?: boolean }): Promise<Appended> => {
    const at = clock.now();
    let waitStarted = false;
    const stored = await store.transaction(async (tx) => {
      waitStarted = false;
      const conversation = await tx.conversations.ensureOfVisitor({ siteId: site.id, visitorId: input.visitorId, at });
      const appended = await tx.messages.append(conversation, { clientId: input.clientId, text: input.text, attachment: input.attachment, at, author: 'visitor', agentId: null });
      if (!appended.created) return { appended, missed: false, away: null };
      // The visitor now waits, so the conversation cannot auto-close: the next answer books that again.
      waitStarted = await scheduleUrgency(tx, site, conversation, appended.conversation);
      if (input.available !== false || conversation.missed) return { appended, missed: false, away: null };
      await tx.conversations.setMissed(conversation.id, true);
      return { appended, missed: true, away: await autoReply(tx, site, appended.conversation, at) };
    });
    if (waitStarted) ctx.wakeJobs();
    const { appended } = stored;
    await announce(site, [appended]);
    if (stored.away) await dispatch.emit([stored.away]);
    if (stored.missed) await dispatch.emit([{ type: 'missed', conversation: appended.conversation, site, message: appended.message }]);
    return appended;
  };

  /**
   * An agent writes first to a customer, starting their conversation if they have none: their
   * widget pops the message up if they are online; if not, it goes by email at once (not after the
   * site's emailDelay), and with no address to take it (none, bounced, unsubscribed) it is refused.
   * `claim` runs first in the same transaction: when it says no, nothing is stored and null returned
   * (a scheduled message cancelled meanwhile).
   */
  const writeFirst = async (agent: Agent, input: { visitorId: string; clientId: string; text: string }, claim?: (tx: StoreTx) => Promise<boolean>): Promise<(Appended & { by: 'widget' | 'email' }) | null> => {
    const { visitor, site } = await visibleVisitor(store, agent, input.visitorId);
    const online = (await ctx.presence.count('visitor', visitor.id)) > 0;
    const at = clock.now();
    const stored = await store.transaction(async (tx) => {
      if (claim && !(await claim(tx))) return null;
      const conversation = await tx.conversations.ensureOfVisitor({ siteId: site.id, visitorId: visitor.id, at });
      const joined = await joinRecorded(tx, conversation, site, agent, at);
      const appended = await tx.messages.append(conversation, { clientId: input.clientId, text: input.text, at, author: 'agent', agentId: agent.id });
      // A resend of what was stored is acked as before; only a new message is refused, and then nothing of it stays.
      if (!appended.created) return { appended, joined };
      if (!online && !mayMail(visitor)) throw new AppError('conflict', `${displayName(visitor)} is not online and has no email address we may write to (none given, or it bounced or unsubscribed): there is no way to reach them now.`);
      await answered(tx, site, conversation.id, at);
      if (!online) await tx.jobs.schedule({ kind: PROMPT_FALLBACK_JOB, key: conversation.id, at });
      return { appended, joined };
    });
    if (!stored) return null;
    if (!online) ctx.wakeJobs();
    await dispatch.emit(stored.joined);
    await announce(site, [stored.appended]);
    return { ...stored.appended, by: online ? 'widget' : 'email' };
  };

  return {
    postVisitorMessage,

    /**
     * From the widget: within the visitor's limits, and the site's when it starts a conversation,
     * or refused with rate_limited and not stored. A resend of a stored message counts again; a
     * refusal then only delays its ack.
     */
    async postWidgetMessage(site: Site, input: { visitorId: string; clientId: string; text: string; attachment?: Attachment }): Promise<Appended> {
      if (!(await store.conversations.ofVisitor(input.visitorId))) await limits.newConversation(site);
      await limits.message(site, input.visitorId);
      return postVisitorMessage(site, { ...input, available: await sites.available(site) });
    },

    async postAgentMessage(agent: Agent, input: { conversationId: string; clientId: string; text: string; attachment?: Attachment; call?: MessageCall }): Promise<Appended> {
      const { conversation, site } = await visibleConversation(store, agent, input.conversationId);
      const at = clock.now();
      const { appended, joined } = await store.transaction(async (tx) => {
        const joined = await joinRecorded(tx, conversation, site, agent, at);
        const appended = await tx.messages.append(conversation, { clientId: input.clientId, text: input.text, attachment: input.attachment, at, author: 'agent', agentId: agent.id, call: input.call ?? null });
        if (!appended.created) return { appended, joined };
        // An agent's answer is the follow-up a missed conversation waited for.
        if (conversation.missed) await tx.conversations.setMissed(conversation.id, false);
        await answered(tx, site, conversation.id, at);
        return { appended, joined };
      });
      await dispatch.emit(joined);
      await announce(site, [appended]);
      return appended;
    },

    startConversation: (agent: Agent, input: { visitorId: string; clientId: string; text: string }) => writeFirst(agent, input) as Promise<Appended>,

    writeFirst,
  };
}
