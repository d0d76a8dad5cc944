/**
 * Whether a site's visitors can get an answer now: its chat switch, its opening hours, and
 * whether an agent of its team is available — not whether a console tab happens to be open.
 */
import type { Agent } from '@parley/protocol';
import { isOpen } from '@parley/protocol';
import type { Hub } from '../ports/hub.ts';
import { siteSettings } from '@parley/protocol';
import type { Site, Store } from '../ports/store.ts';

/** Often enough that opening hours and CLI changes reach open widgets within half a minute. */
const REFRESH_MS = 30_000;

export function siteAvailable(site: Site, agents: Agent[], now: number): boolean {
  const settings = siteSettings(site.settings);
  if (!settings.chat || !isOpen(settings.hours, settings.timezone, now)) return false;
  return agents.some((agent) => agent.status === 'available' && (!settings.team || agent.team === settings.team));
}

export type Availability = ReturnType<typeof createAvailability>;

export function createAvailability(store: Store, hub: Hub) {
  /** What each site's connected visitors were last told. */
  const told = new Map<string, boolean>();

  const available = async (site: Site) => siteAvailable(site, await store.listAgents(), Date.now());

  /** Tells every connected widget whose site's availability changed. */
  const refresh = async () => {
    const [sites, agents] = await Promise.all([store.listSites(), store.listAgents()]);
    const connected = new Set(hub.siteIds());
    const now = Date.now();
    for (const site of sites) {
      if (!connected.has(site.id)) {
        told.delete(site.id);
        continue;
      }
      const value = siteAvailable(site, agents, now);
      if (told.get(site.id) === value) continue;
      told.set(site.id, value);
      hub.toSite(site.id, { t: 'availability', available: value });
    }
  };

  const timer = setInterval(() => refresh().catch((error) => console.error(error)), REFRESH_MS);
  timer.unref();

  return {
    available,
    refresh,
    stop() {
      clearInterval(timer);
    },
  };
}
