/**
 * The chat's actions, shared by every way in (visitor socket, console socket, inbound mail):
 * each writes through the store, then tells the hub who must hear of it.
 */
import type { Agent, ConversationSummary, VisitorProfile } from '@parley/protocol';
import type { Hub } from '../ports/hub.ts';
import { NotFoundError } from '../ports/errors.ts';
import type { Appended, Store } from '../ports/store.ts';

const AWAY_REPLY = "Thanks for your message! We're away right now.";

export type Chat = ReturnType<typeof createChat>;

export function createChat(store: Store, hub: Hub) {
  /** The store knows visitors; only the hub knows who is connected right now. */
  const present = (visitor: VisitorProfile): VisitorProfile => ({ ...visitor, online: hub.visitorConnections(visitor.id) > 0 });
  const presentSummary = (item: ConversationSummary): ConversationSummary => ({ ...item, visitor: present(item.visitor) });

  const publishConversation = async (conversationId: string) => {
    const item = await store.summary(conversationId);
    if (item) hub.toAgents({ t: 'conversation', item: presentSummary(item) });
  };

  /** An agent's answer is the follow-up a missed conversation waited for. */
  const followedUp = async ({ conversation, created }: Appended) => {
    if (created && conversation.missed) await store.setMissed(conversation.id, false);
  };

  /** Tells everyone concerned of a newly stored message; a retried send (not created) tells no one. */
  const fanOut = async ({ message, conversation, created }: Appended) => {
    if (!created) return;
    hub.toVisitor(conversation.visitorId, { t: 'message', message });
    hub.toAgents({ t: 'message', message });
    await publishConversation(conversation.id);
  };

  return {
    present,
    presentSummary,
    publishConversation,

    async listConversations(limit: number) {
      return (await store.listConversations(limit)).map(presentSummary);
    },

    /**
     * `available: false` says no agent can answer now: the conversation is then marked missed for
     * follow-up and the visitor is told so, once. Replies by email leave it out: they need no such note.
     */
    async postVisitorMessage(input: { siteId: string; visitorId: string; clientId: string; text: string; available?: boolean }) {
      const appended = await store.appendVisitorMessage({ ...input, at: Date.now() });
      await fanOut(appended);
      const { conversation, created } = appended;
      if (created && input.available === false && !conversation.missed) {
        await store.setMissed(conversation.id, true);
        const visitor = await store.visitorProfile(input.visitorId);
        const text = visitor?.email ? `${AWAY_REPLY} We'll answer by email at ${visitor.email}.` : `${AWAY_REPLY} Leave your email and we'll answer there.`;
        await fanOut(await store.appendSystemMessage({ conversationId: conversation.id, clientId: `away-${appended.message.id}`, text, at: Date.now() }));
      }
      return appended;
    },

    async postAgentMessage(agent: Agent, input: { conversationId: string; clientId: string; text: string }) {
      const appended = await store.appendAgentMessage({ ...input, agentId: agent.id, at: Date.now() });
      await followedUp(appended);
      await fanOut(appended);
      return appended;
    },

    /** An agent writes first to a visitor on the site; their widget pops the message up. */
    async startConversation(agent: Agent, input: { visitorId: string; clientId: string; text: string }) {
      const visitor = await store.visitorProfile(input.visitorId);
      if (!visitor) throw new NotFoundError(`No visitor has the id ${input.visitorId}.`);
      const appended = await store.appendAgentMessageToVisitor({ ...input, siteId: visitor.siteId, agentId: agent.id, at: Date.now() });
      await fanOut(appended);
      return appended;
    },
  };
}
