/**
 * What an agent's command acts on, found only if the agent may see it: a conversation or visitor
 * the agent may not see reads as if it did not exist, the same way for every command.
 */
import { maySeeConversation } from '@parley/protocol';
import type { Agent, Conversation, Site, Store, StoreTx } from '../ports/store.ts';
import { maySeeSite, routed } from './audience.ts';
import { AppError } from './errors.ts';

/** The site's team, or null when it has none. */
export const teamOf = (store: StoreTx, site: Pick<Site, 'settings'>) => (site.settings.team ? store.teams.byName(site.settings.team) : Promise.resolve(null));

/** A conversation with its site and how it is routed: what both the visibility rule and the audience read. */
export async function routedConversation(store: StoreTx, conversation: Conversation, site: Site) {
  return { conversation, site, route: routed(site, await teamOf(store, site), conversation) };
}

export async function visibleConversation(store: Store, agent: Agent, conversationId: string) {
  const conversation = await store.conversations.byId(conversationId);
  const site = conversation ? await store.sites.byId(conversation.siteId) : null;
  const found = conversation && site ? await routedConversation(store, conversation, site) : null;
  if (!found || !maySeeConversation(agent, found.route)) throw new AppError('not_found', `No conversation has the id ${conversationId}.`);
  return found;
}

export async function visibleVisitor(store: Store, agent: Agent, visitorId: string) {
  const visitor = await store.visitors.byId(visitorId);
  const site = visitor ? await store.sites.byId(visitor.siteId) : null;
  if (!visitor || !site || !maySeeSite(agent, site)) throw new AppError('not_found', `No visitor has the id ${visitorId}.`);
  return { visitor, site };
}
