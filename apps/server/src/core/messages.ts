/**
 * Messages in: from a visitor's widget or email, from an agent's console. Each is stored once per
 * client id in one transaction with what it changes, and announced only after that commit.
 */
import type { MessageCall } from '@parley/protocol';
import type { Agent, Appended, Site, StoreTx } from '../ports/store.ts';
import { visibleConversation, visibleVisitor } from './access.ts';
import type { Context } from './context.ts';
import { joinRecorded, scheduleAutoClose } from './conversations.ts';
import type { DomainEvent } from './events.ts';
import type { Sites } from './sites.ts';
import { cancelUrgency, scheduleUrgency } from './urgency.ts';
import { createVisitorLimits } from './visitor-limits.ts';

const AWAY_REPLY = "Thanks for your message! We're away right now.";

/** After an agent's message: it ended any wait, and the conversation may now close once silent. */
async function answered(tx: StoreTx, site: Site, conversationId: string, at: number) {
  await cancelUrgency(tx, conversationId);
  await scheduleAutoClose(tx, site, conversationId, at);
}

export type Messages = ReturnType<typeof createMessages>;

export function createMessages(ctx: Context, sites: Sites) {
  const { store, dispatch, clock } = ctx;
  const limits = createVisitorLimits(ctx);

  const announce = async (site: Site, appended: Appended[]) => {
    const events: DomainEvent[] = appended.filter((a) => a.created).map(({ message, conversation }) => ({ type: 'message', message, conversation, site }));
    await dispatch.emit(events);
  };

  /**
   * `available: false` says no agent can answer now: the conversation is then marked missed for
   * follow-up and the visitor is told so, once. Replies by email leave it out: they need no such note.
   */
  const postVisitorMessage = async (site: Site, input: { visitorId: string; clientId: string; text: string; available?: boolean }): Promise<Appended> => {
    const at = clock.now();
    let waitStarted = false;
    const stored = await store.transaction(async (tx) => {
      waitStarted = false;
      const conversation = await tx.conversations.ensureOfVisitor({ siteId: site.id, visitorId: input.visitorId, at });
      const appended = await tx.messages.append(conversation, { clientId: input.clientId, text: input.text, at, author: 'visitor', agentId: null });
      if (!appended.created) return { appended: [appended], missed: false };
      // The visitor now waits, so the conversation cannot auto-close: the next answer books that again.
      waitStarted = await scheduleUrgency(tx, site, conversation, appended.conversation);
      if (input.available !== false || conversation.missed) return { appended: [appended], missed: false };
      await tx.conversations.setMissed(conversation.id, true);
      const visitor = await tx.visitors.byId(input.visitorId);
      const text = visitor?.email ? `${AWAY_REPLY} We'll answer by email at ${visitor.email}.` : `${AWAY_REPLY} Leave your email and we'll answer there.`;
      const away = await tx.messages.append(appended.conversation, { clientId: `away-${appended.message.id}`, text, at, author: 'system', agentId: null });
      return { appended: [appended, away], missed: true };
    });
    if (waitStarted) ctx.wakeJobs();
    const [appended] = stored.appended;
    await announce(site, stored.appended);
    if (stored.missed) await dispatch.emit([{ type: 'missed', conversation: appended!.conversation, site, message: appended!.message }]);
    return appended!;
  };

  return {
    postVisitorMessage,

    /**
     * From the widget: within the visitor's limits, and the site's when it starts a conversation,
     * or refused with rate_limited and not stored. A resend of a stored message counts again; a
     * refusal then only delays its ack.
     */
    async postWidgetMessage(site: Site, input: { visitorId: string; clientId: string; text: string }): Promise<Appended> {
      if (!(await store.conversations.ofVisitor(input.visitorId))) await limits.newConversation(site);
      await limits.message(site, input.visitorId);
      return postVisitorMessage(site, { ...input, available: await sites.available(site) });
    },

    async postAgentMessage(agent: Agent, input: { conversationId: string; clientId: string; text: string; call?: MessageCall }): Promise<Appended> {
      const { conversation, site } = await visibleConversation(store, agent, input.conversationId);
      const at = clock.now();
      const { appended, joined } = await store.transaction(async (tx) => {
        const joined = await joinRecorded(tx, conversation, site, agent, at);
        const appended = await tx.messages.append(conversation, { clientId: input.clientId, text: input.text, at, author: 'agent', agentId: agent.id, call: input.call ?? null });
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

    /** An agent writes first to a visitor on the site; their widget pops the message up. */
    async startConversation(agent: Agent, input: { visitorId: string; clientId: string; text: string }): Promise<Appended> {
      const { visitor, site } = await visibleVisitor(store, agent, input.visitorId);
      const at = clock.now();
      const { appended, joined } = await store.transaction(async (tx) => {
        const conversation = await tx.conversations.ensureOfVisitor({ siteId: site.id, visitorId: visitor.id, at });
        const joined = await joinRecorded(tx, conversation, site, agent, at);
        const appended = await tx.messages.append(conversation, { clientId: input.clientId, text: input.text, at, author: 'agent', agentId: agent.id });
        if (appended.created) await answered(tx, site, conversation.id, at);
        return { appended, joined };
      });
      await dispatch.emit(joined);
      await announce(site, [appended]);
      return appended;
    },
  };
}
