/** The console's list: pages of a query in the list's order, the counts of its views and statuses, and the sites it filters by. */
import { cursorOf, DEFAULT_LIST_QUERY, LIST_PAGE_SIZE, type ListCursor, type ListQuery, type SiteRef } from '@parley/protocol';
import type { Presence } from '../ports/presence.ts';
import type { Agent, ListSelection, Site } from '../ports/store.ts';
import { listScope, maySeeSite, visibleSiteIds } from './audience.ts';
import type { Context } from './context.ts';
import { summaryView } from './views.ts';

/** The visitors online now on the sites this agent sees. */
export async function onlineVisitorIds(presence: Presence, agent: Agent, sites: readonly Site[]): Promise<string[]> {
  const siteIds = visibleSiteIds(agent, sites);
  return siteIds === null ? presence.online('visitor') : (await Promise.all(siteIds.map((id) => presence.online('visitor', id)))).flat();
}

export type ConversationList = ReturnType<typeof createConversationList>;

export function createConversationList({ store, presence }: Context) {
  const selection = async (agent: Agent, query: ListQuery): Promise<ListSelection> => {
    const sites = await store.sites.list();
    return { scope: listScope(agent, sites, await store.teams.list()), agentId: agent.id, query, online: await onlineVisitorIds(presence, agent, sites) };
  };

  return {
    /** A page of the agent's list, in a fixed number of queries whatever its length; `next` is null on the last page. */
    async page(agent: Agent, query: ListQuery = DEFAULT_LIST_QUERY, after: ListCursor | null = null) {
      const chosen = await selection(agent, query);
      // One row past the page says whether another follows.
      const rows = await store.conversations.list({ ...chosen, after, limit: LIST_PAGE_SIZE + 1 });
      const online = new Set(chosen.online);
      const items = rows.slice(0, LIST_PAGE_SIZE).map((row) => summaryView(row, online.has(row.visitor.id)));
      return { items, next: rows.length > LIST_PAGE_SIZE ? cursorOf(items.at(-1)!) : null };
    },

    async counts(agent: Agent, query: ListQuery) {
      return store.conversations.counts(await selection(agent, query));
    },

    async sites(agent: Agent): Promise<SiteRef[]> {
      return (await store.sites.list()).filter((site) => maySeeSite(agent, site)).map(({ id, name }) => ({ id, name }));
    },
  };
}
