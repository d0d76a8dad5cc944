/**
 * Who may see what, and so who hears each event: the one place the rule is written. A conversation
 * of a site with a team is seen by that team's members and by admins (in a grab team, once grabbed,
 * only by its assignee, the team admins and admins); of a site without a team, by every agent.
 * Sockets subscribe to the topics of their visitor or agent; events go to topics.
 */
import { type Routed, VISITOR_EVENTS } from '@parley/protocol';
import type { Topic } from '../ports/bus.ts';
import type { Agent, Conversation, Message, Site, Team } from '../ports/store.ts';

export const topic = {
  /** Every tab of one visitor. */
  visitor: (visitorId: string): Topic => `visitor:${visitorId}`,
  /** Every widget open on a site. */
  site: (siteId: string): Topic => `site:${siteId}`,
  /** Every console tab of one agent. */
  agent: (agentId: string): Topic => `agent:${agentId}`,
  /** Every member of a team, whatever their role. */
  team: (team: string): Topic => `team:${team}`,
  /** The team admins of a team. */
  teamAdmins: (team: string): Topic => `team-admins:${team}`,
  admins: 'admins' as Topic,
  everyAgent: 'agents' as Topic,
};

/** The topics an agent's console hears. */
export function agentTopics(agent: Agent): Topic[] {
  return [
    topic.agent(agent.id),
    topic.everyAgent,
    ...agent.teams.map(topic.team),
    ...(agent.role === 'team-admin' ? agent.teams.map(topic.teamAdmins) : []),
    ...(agent.role === 'admin' ? [topic.admins] : []),
  ];
}

/** A conversation as the visibility rule reads it: its site's team (looked up by the caller) and its assignee. */
export function routed(site: Pick<Site, 'settings'>, team: Team | null, conversation: Pick<Conversation, 'assigneeId'>): Routed {
  const name = site.settings.team;
  return { team: name ? { name, mode: team?.mode ?? 'collaboration' } : null, assigneeId: conversation.assigneeId };
}

/** Who hears a conversation's messages and changes: exactly the agents maySeeConversation lets see it. */
export function conversationTopics(conversation: Routed): Topic[] {
  const { team, assigneeId } = conversation;
  if (!team) return [topic.everyAgent];
  if (team.mode === 'grab' && assigneeId) return [topic.teamAdmins(team.name), topic.admins, topic.agent(assigneeId)];
  return [topic.team(team.name), topic.admins];
}

/** Who hears about a site's visitors (online, pages, details): its team and admins, or everyone. */
export function siteAgents(site: Pick<Site, 'settings'>): Topic[] {
  const team = site.settings.team;
  return team ? [topic.team(team), topic.admins] : [topic.everyAgent];
}


/** Whether an agent may see a site's visitors: admins, the site's team, or everyone when it has none. */
export function maySeeSite(agent: Agent, site: Pick<Site, 'settings'>): boolean {
  const team = site.settings.team;
  return agent.role === 'admin' || !team || agent.teams.includes(team);
}

/** The sites whose visitors an agent sees; null: all of them. */
export function visibleSiteIds(agent: Agent, sites: readonly Site[]): string[] | null {
  return agent.role === 'admin' ? null : sites.filter((site) => maySeeSite(agent, site)).map((site) => site.id);
}

/**
 * The conversations an agent may list, as the store filters them: null, all; else the sites seen
 * whole, and the sites (of grab teams the agent works in as an agent) of which only the unassigned
 * and the agent's own.
 */
export function listScope(agent: Agent, sites: readonly Site[], teams: readonly Team[]): { whole: string[]; unassignedOrOwn: string[]; agentId: string } | null {
  if (agent.role === 'admin') return null;
  const grab = new Set(teams.filter((team) => team.mode === 'grab').map((team) => team.name));
  const whole: string[] = [];
  const unassignedOrOwn: string[] = [];
  for (const site of sites) {
    if (!maySeeSite(agent, site)) continue;
    (agent.role === 'agent' && grab.has(site.settings.team) ? unassignedOrOwn : whole).push(site.id);
  }
  return { whole, unassignedOrOwn, agentId: agent.id };
}

/** Whether an agent can answer a site's visitors: available, of its team (admins answer a team's site only as members). */
export function answers(agent: Agent, site: Pick<Site, 'settings'>): boolean {
  return agent.status === 'available' && (!site.settings.team || agent.teams.includes(site.settings.team));
}

/** Who is offered a new conversation of a grab team: its available agents (team admins assign, they are offered nothing). */
export function offeredTo(agents: readonly Agent[], team: Team): Agent[] {
  return agents.filter((agent) => agent.role === 'agent' && agent.disabledAt === null && agent.status === 'available' && agent.teams.includes(team.name));
}

/** What of the transcript the visitor may see: every message, and of the events only that an agent joined or closed it. */
export function visitorMaySee(message: Pick<Message, 'event'>): boolean {
  return message.event === null || VISITOR_EVENTS.includes(message.event);
}
