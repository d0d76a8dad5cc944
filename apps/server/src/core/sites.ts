/**
 * Sites and whether their visitors can get an answer now: the chat switch, opening hours, and an
 * agent of the site's team who is available and has a console open (or closed it less than their
 * away delay ago) — an agent who never signed in answers no one.
 */
import { isOpen, type SiteSettings } from '@parley/protocol';
import type { Agent, Site } from '../ports/store.ts';
import { answers } from './audience.ts';
import type { Context } from './context.ts';
import type { Conversations } from './conversations.ts';
import { AppError } from './errors.ts';
import type { UrgencyJobs } from './urgency.ts';

export const AVAILABILITY_JOB = 'sites.availability';
/** Often enough that opening hours reach open widgets within half a minute. */
const AVAILABILITY_EVERY_MS = 30_000;
/** How long a site's answer may be reused: what changes on another node shows this much later. */
const AVAILABLE_FOR_MS = 1_000;

export function siteAvailable(site: Site, agents: readonly Agent[], connected: ReadonlySet<string>, now: number): boolean {
  const { chat, hours, timezone } = site.settings;
  if (!chat || !isOpen(hours, timezone, now)) return false;
  const present = (a: Agent) => connected.has(a.id) || (a.lastSeenAt !== null && (a.awayAfter === 0 || now < a.lastSeenAt + a.awayAfter * 1000));
  return agents.some((agent) => answers(agent, site) && present(agent));
}

export type Sites = ReturnType<typeof createSites>;

export function createSites(ctx: Context, conversations: Conversations, urgency: UrgencyJobs) {
  const { store, presence, dispatch, clock, jobs } = ctx;
  /** What each site's widgets on this node were last told. */
  const told = new Map<string, boolean>();

  const answering = async () => {
    const agents = await store.agents.list();
    return { agents, connected: await presence.onlineOf('agent', agents.map((a) => a.id)) };
  };

  /** Asked on every visitor message: each site's answer is kept for a moment, and dropped whenever agents change here. */
  const recent = new Map<string, { value: boolean; at: number }>();
  const available = async (site: Site) => {
    const now = clock.now();
    const kept = recent.get(site.id);
    if (kept && now - kept.at < AVAILABLE_FOR_MS) return kept.value;
    const { agents, connected } = await answering();
    const value = siteAvailable(site, agents, connected, now);
    recent.set(site.id, { value, at: now });
    return value;
  };

  /** Tells the widgets of every site whose availability changed. */
  const refresh = async () => {
    recent.clear();
    const [sites, { agents, connected }, withVisitors] = await Promise.all([store.sites.list(), answering(), presence.sitesWithVisitors()]);
    const open = new Set(withVisitors);
    const now = clock.now();
    for (const site of sites) {
      if (!open.has(site.id)) {
        told.delete(site.id);
        continue;
      }
      const value = siteAvailable(site, agents, connected, now);
      if (told.get(site.id) === value) continue;
      told.set(site.id, value);
      await dispatch.emit([{ type: 'availability', siteId: site.id, available: value }]);
    }
  };

  return {
    available,
    refresh,
    list: () => store.sites.list(),
    byKey: (key: string) => store.sites.byKey(key),
    create: (input: { name: string; origins: string[]; isDemo?: boolean }) => store.sites.create(input),

    async update(key: string, patch: { name?: string; origins?: string[]; settings?: Partial<SiteSettings> }) {
      const site = await store.sites.byKey(key);
      if (!site) throw new AppError('not_found', `No site has the key ${key}. See pnpm parley site list.`);
      const team = patch.settings?.team;
      if (team && team !== site.settings.team && !(await store.teams.byName(team))) {
        throw new AppError('bad_request', `No team is named ${team}. Add it first (pnpm parley team add ${team}), or see team list.`);
      }
      const updated = await store.sites.update(key, { ...patch, settings: { ...site.settings, ...patch.settings } });
      if (updated.settings.autoCloseAfter !== site.settings.autoCloseAfter) await conversations.scheduleSiteAutoClose(updated);
      const { soonAfter, overdueAfter } = updated.settings;
      if (soonAfter !== site.settings.soonAfter || overdueAfter !== site.settings.overdueAfter) await urgency.scheduleSite(updated);
      if (updated.settings.team !== site.settings.team) {
        // Who sees the site's conversations changed: every console lists them again.
        await dispatch.emit([{ type: 'teams' }]);
        await refresh();
      }
      return updated;
    },

    /** The periodic refresh: one node at a time runs it, then books the next. */
    async refreshJob() {
      await refresh();
      await jobs.schedule({ kind: AVAILABILITY_JOB, key: 'all', at: clock.now() + AVAILABILITY_EVERY_MS });
    },
  };
}
