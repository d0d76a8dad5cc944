/** Agent sessions: an HttpOnly cookie holding a random token whose hash the store keeps. */
import type { Agent } from '@parley/protocol';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Store } from '../../ports/store.ts';
import { hashToken, newToken } from '../../core/auth/tokens.ts';

export const SESSION_COOKIE = 'parley_session';
const SESSION_DAYS = 30;

export async function startSession(c: Context, store: Store, agent: Agent, secure: boolean): Promise<void> {
  const token = newToken();
  const maxAge = SESSION_DAYS * 24 * 3600;
  await store.createSession({ tokenHash: hashToken(token), agentId: agent.id, expiresAt: Date.now() + maxAge * 1000 });
  setCookie(c, SESSION_COOKIE, token, { httpOnly: true, sameSite: 'Lax', secure, path: '/', maxAge });
}

export async function endSession(c: Context, store: Store): Promise<void> {
  const token = getCookie(c, SESSION_COOKIE);
  if (token) await store.deleteSession(hashToken(token));
  deleteCookie(c, SESSION_COOKIE, { path: '/' });
}

/** The signed-in agent for a raw Cookie header, as the WebSocket upgrade sees it. */
export async function agentFromCookieHeader(store: Store, header: string | undefined): Promise<Agent | null> {
  const token = header
    ?.split(';')
    .map((part) => part.trim().split('='))
    .find(([name]) => name === SESSION_COOKIE)?.[1];
  return token ? store.agentBySession(hashToken(decodeURIComponent(token)), Date.now()) : null;
}
