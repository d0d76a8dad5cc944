/** Bodies of the console's HTTP API (`/api/...`). */
import * as v from 'valibot';
import { AGENT_ROLES } from './constants.ts';
import { MAX_EMAIL_LENGTH, MAX_NAME_LENGTH } from './limits.ts';
import { cleanString } from './text.ts';

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
  role: v.picklist(AGENT_ROLES, 'A role is admin or agent.'),
  team: v.optional(v.pipe(cleanString(), v.trim(), v.maxLength(60)), ''),
});

/** What an admin may change of another agent (`PATCH /api/agents/:id`). */
export const agentPatchBody = v.object({ disabled: v.boolean() });

/** Every error response of the API has this shape. */
export interface ApiError {
  error: { code: string; message: string };
}
