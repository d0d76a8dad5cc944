/**
 * Refuses forged cross-site requests (CSRF): a state-changing request must come from the server's
 * own origin and carry JSON, which a page elsewhere can only send after a CORS preflight we never
 * grant.
 */
import type { MiddlewareHandler } from 'hono';
import { AppError } from '../../core/errors.ts';
import { isOwnOrigin } from './own-origin.ts';
import { hasBody, isJson, unsupportedType } from './read-body.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function requireSameOrigin({ publicUrl }: { publicUrl: string }): MiddlewareHandler {
  return async function requireSameOriginHandler(c, next) {
    if (SAFE_METHODS.has(c.req.method)) return next();
    const origin = c.req.header('origin');
    // Browsers send Origin on every cross-origin POST; without it, only Fetch Metadata can vouch.
    const ours = origin === undefined ? c.req.header('sec-fetch-site') === 'same-origin' : isOwnOrigin(origin, publicUrl, c.req.url);
    if (!ours) throw new AppError('forbidden', 'Requests from other sites are refused: use the console on this server.');
    const type = c.req.header('content-type');
    if (type === undefined ? hasBody(c.req.raw) : !isJson(type)) throw unsupportedType();
    await next();
  };
}
