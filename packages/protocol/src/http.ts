/** Bodies of the console's HTTP API (`/api/...`). */
import * as v from 'valibot';
import { AGENT_ROLES, TEAM_MODES } from './constants.ts';
import { MAX_CLIENT_ID_LENGTH, MAX_EMAIL_LENGTH, MAX_NAME_LENGTH, MAX_TEAM_NAME_LENGTH } from './limits.ts';
import { cleanString } from './text.ts';
import { messageText } from './visitor-frames.ts';

/** Agents' addresses may be local ones (admin@localhost), so this checks only their shape. */
export const agentEmail = v.pipe(
  cleanString(),
  v.trim(),
  v.maxLength(MAX_EMAIL_LENGTH),
  v.regex(/^[^\s@]+@[^\s@]+$/, 'Enter a valid email address.'),
);
const password = v.pipe(v.string(), v.minLength(1, 'Enter your password.'), v.maxLength(1024));

export const loginBody = v.object({ email: agentEmail, password });

const agentName = v.pipe(cleanString(), v.trim(), v.minLength(1, 'Enter a name.'), v.maxLength(MAX_NAME_LENGTH));
const newPassword = v.pipe(v.string(), v.minLength(8, 'A password has at least 8 characters.'), v.maxLength(1024));

/** A team's name: how sites (`team=NAME`), agents and the CLI name it. */
export const teamName = v.pipe(cleanString(), v.trim(), v.minLength(1, 'Enter a team name.'), v.maxLength(MAX_TEAM_NAME_LENGTH));
const agentRole = v.picklist(AGENT_ROLES, `A role is one of ${AGENT_ROLES.join(', ')}.`);
const teamMode = v.picklist(TEAM_MODES, `A team's mode is one of ${TEAM_MODES.join(', ')}.`);
const teamNames = v.pipe(v.array(teamName), v.maxLength(50), v.transform((names) => [...new Set(names)]));

export const setupBody = v.object({
  token: v.pipe(cleanString(), v.minLength(1)),
  email: agentEmail,
  name: agentName,
  password: newPassword,
});

/** A new agent, added by an admin (`POST /api/agents`), as `pnpm parley agent add` does. */
export const agentAddBody = v.object({
  email: agentEmail,
  name: agentName,
  password: newPassword,
  role: agentRole,
  teams: v.optional(teamNames, []),
});

/** What an admin may change of another agent (`PATCH /api/agents/:id`): at least one field. */
export const agentPatchBody = v.pipe(
  v.object({ disabled: v.optional(v.boolean()), role: v.optional(agentRole), teams: v.optional(teamNames) }),
  v.check((body) => body.disabled !== undefined || body.role !== undefined || body.teams !== undefined, 'Change at least one of disabled, role, teams.'),
);
export type AgentPatch = v.InferInput<typeof agentPatchBody>;

/** A new team (`POST /api/teams`), as `pnpm parley team add` makes one. */
export const teamAddBody = v.object({ name: teamName, mode: v.optional(teamMode, 'collaboration') });
export type TeamAdd = v.InferInput<typeof teamAddBody>;

/** A team's mode (`PATCH /api/teams/:name`). */
export const teamPatchBody = v.object({ mode: teamMode });

/** `POST /api/conversations/:id/assign`, as the socket's `assign` frame: an agent's id, or null for nobody. */
export const assignBody = v.object({ agentId: v.nullable(v.pipe(cleanString(), v.minLength(1), v.maxLength(64))) });

/** Every error response of the API has this shape. */
export interface ApiError {
  /** fields: a form's problems, each by the field it is about. */
  error: { code: string; message: string; fields?: Record<string, string> };
}

/** `POST /api/visitors/:id/messages`: now, or (with sendAt, epoch ms) at that time. */
export const outreachBody = v.object({
  clientId: v.pipe(cleanString(), v.minLength(1), v.maxLength(MAX_CLIENT_ID_LENGTH)),
  text: messageText,
  sendAt: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))),
});

