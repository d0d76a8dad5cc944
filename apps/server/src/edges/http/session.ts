/** Agent sessions on HTTP: an HttpOnly cookie holding the session token, and the one middleware that requires it. */
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { SignedIn } from '../../core/auth/sessions.ts';
import { AppError } from '../../core/errors.ts';
import type { Core } from '../../core/index.ts';
import type { Agent } from '../../ports/store.ts';

export const SESSION_COOKIE = 'parley_session';

export type AgentEnv = { Variables: { agent: Agent } };

export function setSessionCookie(c: Context, signedIn: SignedIn, secure: boolean): void {
  setCookie(c, SESSION_COOKIE, signedIn.token, { httpOnly: true, sameSite: 'Lax', secure, path: '/', maxAge: signedIn.maxAgeSeconds });
}

export async function endSession(c: Context, core: Core): Promise<void> {
  const token = getCookie(c, SESSION_COOKIE);
  if (token) await core.auth.signOut(token);
  deleteCookie(c, SESSION_COOKIE, { path: '/' });
}

/** The signed-in agent for a raw Cookie header, as the WebSocket upgrade sees it; a malformed cookie is no session. */
export async function agentFromCookieHeader(core: Core, header: string | undefined): Promise<Agent | null> {
  const raw = header
    ?.split(';')
    .map((part) => part.trim().split('='))
    .find(([name]) => name === SESSION_COOKIE)?.[1];
  if (!raw) return null;
  let token: string;
  try {
    token = decodeURIComponent(raw);
  } catch {
    return null;
  }
  return core.auth.agentOfSession(token);
}

/** Sets the signed-in agent on the context, or answers 401 (403 without the role). */
export function requireAgent(core: Core, options: { role?: Agent['role'] } = {}): MiddlewareHandler<AgentEnv> {
  return async function requireAgentHandler(c, next) {
    const agent = await agentFromCookieHeader(core, c.req.header('cookie'));
    if (!agent) throw new AppError('unauthorized', 'Sign in first.');
    if (options.role && agent.role !== options.role) throw new AppError('forbidden', `Only ${options.role}s may do this.`);
    c.set('agent', agent);
    await next();
  };
}
