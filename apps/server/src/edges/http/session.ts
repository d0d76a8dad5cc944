/** Agent sessions on HTTP: an HttpOnly cookie holding the session token, and the one middleware that requires it. */
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import { parse } from 'hono/utils/cookie';
import type { SignedIn } from '../../core/auth/sessions.ts';
import { AppError } from '../../core/errors.ts';
import type { Core } from '../../core/index.ts';
import type { Agent } from '../../ports/store.ts';

export const SESSION_COOKIE = 'parley_session';

export type AgentEnv = { Variables: { agent: Agent } };

/** A live session: its agent, and the token it was opened with, so a socket can re-check it later. */
export interface AgentSession {
  agent: Agent;
  token: string;
}

export function setSessionCookie(c: Context, signedIn: SignedIn, secure: boolean): void {
  setCookie(c, SESSION_COOKIE, signedIn.token, { httpOnly: true, sameSite: 'Lax', secure, path: '/', maxAge: signedIn.maxAgeSeconds });
}

/**
 * The session token in a raw Cookie header, read the one way HTTP routes and the WebSocket upgrade
 * share. hono's parser never throws: a malformed value (`%E0%A4%A`) comes back as it was, and
 * matches no session.
 */
function sessionToken(header: string | undefined): string | null {
  return (header && parse(header, SESSION_COOKIE)[SESSION_COOKIE]) || null;
}

export async function endSession(c: Context, core: Core): Promise<void> {
  const token = sessionToken(c.req.header('cookie'));
  if (token) await core.auth.signOut(token);
  deleteCookie(c, SESSION_COOKIE, { path: '/' });
}

/** The signed-in agent's session for a raw Cookie header, as the WebSocket upgrade sees it; a malformed cookie is no session. */
export async function agentFromCookieHeader(core: Core, header: string | undefined): Promise<AgentSession | null> {
  const token = sessionToken(header);
  const agent = token ? await core.auth.agentOfSession(token) : null;
  return agent && token ? { agent, token } : null;
}

/** Sets the signed-in agent on the context, or answers 401 (403 without the role). */
export function requireAgent(core: Core, options: { role?: Agent['role'] } = {}): MiddlewareHandler<AgentEnv> {
  return async function requireAgentHandler(c, next) {
    const session = await agentFromCookieHeader(core, c.req.header('cookie'));
    if (!session) throw new AppError('unauthorized', 'Sign in first.');
    if (options.role && session.agent.role !== options.role) throw new AppError('forbidden', `Only ${options.role}s may do this.`);
    c.set('agent', session.agent);
    await next();
  };
}
