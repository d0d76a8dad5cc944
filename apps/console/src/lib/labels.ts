/** How Settings names roles and team modes: a Record, so a new role or mode does not compile until it has a name. */
import type { AgentRole, TeamMode } from '@parley/protocol';

export const ROLE_LABELS: Record<AgentRole, string> = { admin: 'Admin', 'team-admin': 'Team admin', agent: 'Agent' };

export const MODE_LABELS: Record<TeamMode, string> = { collaboration: 'Collaboration', grab: 'Grab' };
