/**
 * Who may see what, and so who hears each event: the one place the rule is written. A conversation
 * of a site with a team is seen by that team's agents and by admins; of a site without a team, by
 * every agent. Sockets subscribe to the topics of their visitor or agent; events go to topics.
 */
import { VISITOR_EVENTS } from '@parley/protocol';
import type { Topic } from '../ports/bus.ts';
import type { Agent, Message, Site } from '../ports/store.ts';

export const topic = {
  /** Every tab of one visitor. */
  visitor: (visitorId: string): Topic => `visitor:${visitorId}`,
  /** Every widget open on a site. */
  site: (siteId: string): Topic => `site:${siteId}`,
  /** Every console tab of one agent. */
  agent: (agentId: string): Topic => `agent:${agentId}`,
  team: (team: string): Topic => `team:${team}`,
  admins: 'admins' as Topic,
  everyAgent: 'agents' as Topic,
};

/** The topics an agent's console hears. */
export function agentTopics(agent: Agent): Topic[] {
  return [topic.agent(agent.id), topic.everyAgent, ...(agent.team ? [topic.team(agent.team)] : []), ...(agent.role === 'admin' ? [topic.admins] : [])];
}

/** The agents who may see a conversation of this site, as topics. */
export function siteAgents(site: Pick<Site, 'settings'>): Topic[] {
  const team = site.settings.team;
  return team ? [topic.team(team), topic.admins] : [topic.everyAgent];
}

export function maySee(agent: Agent, site: Pick<Site, 'settings'>): boolean {
  const team = site.settings.team;
  return agent.role === 'admin' || !team || agent.team === team;
}

/** The sites whose conversations an agent sees; null: all of them. */
export function visibleSiteIds(agent: Agent, sites: readonly Site[]): string[] | null {
  return agent.role === 'admin' ? null : sites.filter((site) => maySee(agent, site)).map((site) => site.id);
}

/** Whether an agent can answer a site's visitors: available, of its team (admins answer a team's site only as members). */
export function answers(agent: Agent, site: Pick<Site, 'settings'>): boolean {
  return agent.status === 'available' && (!site.settings.team || agent.team === site.settings.team);
}

/** What of the transcript the visitor may see: every message, and of the events only that an agent joined or closed it. */
export function visitorMaySee(message: Pick<Message, 'event'>): boolean {
  return message.event === null || VISITOR_EVENTS.includes(message.event);
}
