/**
 * Sites and whether their visitors can get an answer now: the chat switch, opening hours, and an
 * agent of the site's team who is available and has a console open (or closed it less than their
 * away delay ago) — an agent who never signed in answers no one. Also what their widgets show (the
 * config, with those agents) and when a site closed by its hours is back; open widgets hear changes.
 */
import { randomBytes } from 'node:crypto';
import { avatarPath, isOpen, MAX_WIDGET_AGENTS, nextOpening, type SiteChange, type WidgetAgent, widgetConfig } from '@parley/protocol';
import type { Clock } from '../ports/clock.ts';
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

/** The agents who can answer a site's visitors now: of its team, available, and with a console open (or closed it less than their away delay ago). */
export function answeringAgents(site: Site, agents: readonly Agent[], connected: ReadonlySet<string>, now: number): Agent[] {
  const present = (a: Agent) => connected.has(a.id) || (a.lastSeenAt !== null && (a.awayAfter === 0 || now < a.lastSeenAt + a.awayAfter * 1000));
  return agents.filter((agent) => agent.disabledAt === null && answers(agent, site) && present(agent));
}

export function siteAvailable(site: Site, agents: readonly Agent[], connected: ReadonlySet<string>, now: number): boolean {
  const { chat, hours, timezone } = site.settings;
  return chat && isOpen(hours, timezone, now) && answeringAgents(site, agents, connected, now).length > 0;
}

/** When a site closed by its opening hours opens again; null when the hours are not what keeps it closed. */
export function backAt(site: Site, now: number): number | null {
  const { chat, hours, timezone } = site.settings;
  return chat && !isOpen(hours, timezone, now) ? nextOpening(hours, timezone, now) : null;
}

/** Who the widget's header shows: their photos at our public address (the widget is on another site), initials without one. */
function widgetAgents(publicUrl: string, site: Site, agents: readonly Agent[], connected: ReadonlySet<string>, now: number): WidgetAgent[] {
  const shown = answeringAgents(site, agents, connected, now).slice(0, MAX_WIDGET_AGENTS);
  return shown.map((agent) => ({ name: agent.name, avatarUrl: agent.avatar ? `${publicUrl}${avatarPath(agent.avatar)}` : null }));
}

/** Each key's read, shared by every caller for AVAILABLE_FOR_MS; a failed read is not kept, so the next caller tries again. */
function keptBriefly<T>(clock: Clock) {
  const kept = new Map<string, { at: number; value: Promise<T> }>();
  return {
    get(key: string, read: () => Promise<T>): Promise<T> {
      const entry = kept.get(key);
      if (entry && clock.now() - entry.at < AVAILABLE_FOR_MS) return entry.value;
      const next = { at: clock.now(), value: read() };
      kept.set(key, next);
      next.value.catch(() => {
        if (kept.get(key) === next) kept.delete(key);
      });
      return next.value;
    },
    set: (key: string, value: T) => void kept.set(key, { at: clock.now(), value: Promise.resolve(value) }),
    clear: () => kept.clear(),
  };
}

/** The settings a change of which reaches open widgets as their availability. */
const AVAILABILITY_SETTINGS = ['chat', 'hours', 'timezone', 'team'] as const;

export type Sites = ReturnType<typeof createSites>;

export function createSites(ctx: Context, conversations: Conversations, urgency: UrgencyJobs) {
  const { store, presence, dispatch, clock, jobs } = ctx;
  /** What each site's widgets were last told by this node: availability and the header's agents. */
  const told = new Map<string, { availability: string; agents: string }>();

  const answering = async () => {
    const agents = await store.agents.list();
    return { agents, connected: await presence.onlineOf('agent', agents.map((a) => a.id)) };
  };

  /**
   * Who answers, read at most once per AVAILABLE_FOR_MS for every hello and message on this node
   * (a reconnecting crowd after a restart says hello all at once), and again whenever agents change here.
   */
  const answerers = keptBriefly<Awaited<ReturnType<typeof answering>>>(clock);
  const answeringNow = () => answerers.get('all', answering);

  /**
   * Each site as it is now, read at most once per AVAILABLE_FOR_MS for every frame of its open tabs:
   * a tab holds the site as it said hello, and an admin may have changed it since (here: seen at once).
   */
  const rows = keptBriefly<Site>(clock);
  const keep = (site: Site) => rows.set(site.id, site);
  // A site deleted meanwhile is judged as it was.
  const current = (site: Site) => rows.get(site.id, async () => (await store.sites.byId(site.id)) ?? site);

  const available = async (site: Site) => {
    const [latest, { agents, connected }] = await Promise.all([current(site), answeringNow()]);
    return siteAvailable(latest, agents, connected, clock.now());
  };

  /** Tells the widgets of every site whose availability, or whose agents in the header, changed. */
  const refresh = async () => {
    rows.clear();
    answerers.clear();
    const [sites, { agents, connected }, withVisitors] = await Promise.all([store.sites.list(), answering(), presence.sitesWithVisitors()]);
    const open = new Set(withVisitors);
    const now = clock.now();
    for (const site of sites) {
      if (!open.has(site.id)) {
        told.delete(site.id);
        continue;
      }
      const available = siteAvailable(site, agents, connected, now);
      const back = backAt(site, now);
      const shownAgents = widgetAgents(ctx.settings.publicUrl, site, agents, connected, now);
      const last = told.get(site.id);
      const next = { availability: `${available} ${back}`, agents: JSON.stringify(shownAgents) };
      told.set(site.id, next);
      if (last?.availability !== next.availability) await dispatch.emit([{ type: 'availability', siteId: site.id, available, backAt: back }]);
      if (last?.agents !== next.agents) await dispatch.emit([{ type: 'config', siteId: site.id, config: widgetConfig(site.name, site.settings, shownAgents) }]);
    }
  };

  /** What a widget is told when it says hello: whether someone answers, when the team is back, how it looks. */
  const shown = async (site: Site) => {
    const now = clock.now();
    const { agents, connected } = await answeringNow();
    const available = siteAvailable(site, agents, connected, now);
    keep(site);
    return { available, backAt: backAt(site, now), config: widgetConfig(site.name, site.settings, widgetAgents(ctx.settings.publicUrl, site, agents, connected, now)) };
  };

  return {
    available,
    current,
    shown,
    refresh,
    list: () => store.sites.list(),
    byKey: (key: string) => store.sites.byKey(key),
    create: (input: { name: string; origins: string[]; isDemo?: boolean }) => store.sites.create(input),

    /** Changes a site as `site set` and the settings page do: taken whole, and told to its open widgets. */
    async update(key: string, change: SiteChange) {
      const site = await store.sites.byKey(key);
      if (!site) throw new AppError('not_found', `No site has the key ${key}. See pnpm parley site list.`);
      const team = change.settings.team;
      if (team && team !== site.settings.team && !(await store.teams.byName(team))) {
        const message = `No team is named ${team}. Add it first (pnpm parley team add ${team}), or see team list.`;
        throw new AppError('bad_request', message, undefined, { team: message });
      }
      const updated = await store.sites.update(key, { name: change.name, origins: change.origins, settings: { ...site.settings, ...change.settings } });
      keep(updated);
      if (updated.settings.autoCloseAfter !== site.settings.autoCloseAfter) await conversations.scheduleSiteAutoClose(updated);
      const { soonAfter, overdueAfter } = updated.settings;
      if (soonAfter !== site.settings.soonAfter || overdueAfter !== site.settings.overdueAfter) await urgency.scheduleSite(updated);
      // Who sees the site's conversations changed: every console lists them again.
      if (updated.settings.team !== site.settings.team) await dispatch.emit([{ type: 'teams' }]);
      if (JSON.stringify(widgetConfig(updated.name, updated.settings, [])) !== JSON.stringify(widgetConfig(site.name, site.settings, []))) {
        await dispatch.emit([{ type: 'config', siteId: updated.id, config: (await shown(updated)).config }]);
      }
      if (AVAILABILITY_SETTINGS.some((name) => updated.settings[name] !== site.settings[name])) await refresh();
      return updated;
    },

    /**
     * A new secret for identify's hmac: the old one stops working at once (a tab reads the site
     * again on every identify), so a leaked one is worth nothing from now on.
     */
    async rotateSecret(key: string) {
      if (!(await store.sites.byKey(key))) throw new AppError('not_found', `No site has the key ${key}. See pnpm parley site list.`);
      const updated = await store.sites.update(key, { secret: randomBytes(32).toString('hex') });
      keep(updated);
      return updated;
    },

    /** The periodic refresh: one node at a time runs it, then books the next. */
    async refreshJob() {
      await refresh();
      await jobs.schedule({ kind: AVAILABILITY_JOB, key: 'all', at: clock.now() + AVAILABILITY_EVERY_MS });
    },
  };
}
