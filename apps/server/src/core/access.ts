/**
 * What an agent's command acts on, found only if the agent may see it: a conversation or visitor
 * of a site outside their teams reads as if it did not exist, the same way for every command.
 */
import type { Agent, Store } from '../ports/store.ts';
import { maySee } from './audience.ts';
import { AppError } from './errors.ts';

export async function visibleConversation(store: Store, agent: Agent, conversationId: string) {
  const conversation = await store.conversations.byId(conversationId);
  const site = conversation ? await store.sites.byId(conversation.siteId) : null;
  if (!conversation || !site || !maySee(agent, site)) throw new AppError('not_found', `No conversation has the id ${conversationId}.`);
  return { conversation, site };
}

export async function visibleVisitor(store: Store, agent: Agent, visitorId: string) {
  const visitor = await store.visitors.byId(visitorId);
  const site = visitor ? await store.sites.byId(visitor.siteId) : null;
  if (!visitor || !site || !maySee(agent, site)) throw new AppError('not_found', `No visitor has the id ${visitorId}.`);
  return { visitor, site };
}
