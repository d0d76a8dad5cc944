/** How Settings names roles: a Record, so a new role does not compile until it has a name. */
import type { AgentRole } from '@parley/protocol';

export const ROLE_LABELS: Record<AgentRole, string> = { admin: 'Admin', 'team-admin': 'Team admin', agent: 'Agent' };
