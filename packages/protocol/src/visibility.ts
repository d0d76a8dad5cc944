/**
 * Who may see a conversation: the one rule, which the server enforces on every command and frame,
 * and by which a console drops a conversation it just lost (grabbed by someone else).
 */
import type { AgentRole, TeamMode } from './constants.ts';

export interface Viewer {
  id: string;
  role: AgentRole;
  teams: readonly string[];
}

export interface Routed {
  /** The site's team and its mode; null: the site has no team, and every agent sees it. */
  team: { name: string; mode: TeamMode } | null;
  assigneeId: string | null;
}

/**
 * Admins see everything; a site without a team is everyone's. Otherwise its team's members see it,
 * except that in a grab team an agent (not a team admin) sees only what nobody grabbed yet and what
 * is theirs.
 */
export function maySeeConversation(viewer: Viewer, conversation: Routed): boolean {
  const { team, assigneeId } = conversation;
  if (viewer.role === 'admin' || !team) return true;
  if (!viewer.teams.includes(team.name)) return false;
  return viewer.role === 'team-admin' || team.mode === 'collaboration' || assigneeId === null || assigneeId === viewer.id;
}

/** Admins and team admins of its team assign a conversation to anyone; an agent only to themselves. */
export function mayAssign(viewer: Viewer, conversation: Routed, assigneeId: string | null): boolean {
  if (!maySeeConversation(viewer, conversation)) return false;
  if (viewer.role === 'admin' || (viewer.role === 'team-admin' && (!conversation.team || viewer.teams.includes(conversation.team.name)))) return true;
  return assigneeId === viewer.id || (assigneeId === null && conversation.assigneeId === viewer.id);
}
