/**
 * The chat's actions, shared by every way in (visitor socket, console socket, inbound mail):
 * each writes through the store, then tells the hub who must hear of it.
 */
import type { Agent, ConversationSummary, VisitorProfile } from '@parley/protocol';
import type { Hub } from './hub.ts';
import type { Appended, Store } from './store/types.ts';

export type Chat = ReturnType<typeof createChat>;

export function createChat(store: Store, hub: Hub) {
  /** The store knows visitors; only the hub knows who is connected right now. */
  const present = (visitor: VisitorProfile): VisitorProfile => ({ ...visitor, online: hub.visitorConnections(visitor.id) > 0 });
  const presentSummary = (item: ConversationSummary): ConversationSummary => ({ ...item, visitor: present(item.visitor) });

  const publishConversation = async (conversationId: string) => {
    const item = await store.summary(conversationId);
    if (item) hub.toAgents({ t: 'conversation', item: presentSummary(item) });
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

    async postVisitorMessage(input: { siteId: string; visitorId: string; clientId: string; text: string }) {
      const appended = await store.appendVisitorMessage({ ...input, at: Date.now() });
      await fanOut(appended);
      return appended;
    },

    async postAgentMessage(agent: Agent, input: { conversationId: string; clientId: string; text: string }) {
      const appended = await store.appendAgentMessage({ ...input, agentId: agent.id, at: Date.now() });
      await fanOut(appended);
      return appended;
    },
  };
}
