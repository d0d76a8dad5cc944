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

/** `body: 'bytes'`: a file upload, whose body is application/octet-stream (which also needs a preflight cross-site). */
export function requireSameOrigin({ publicUrl, body = 'json' }: { publicUrl: string; body?: 'json' | 'bytes' }): MiddlewareHandler {
  return async function requireSameOriginHandler(c, next) {
    if (SAFE_METHODS.has(c.req.method)) return next();
    const origin = c.req.header('origin');
    // Browsers send Origin on every cross-origin POST; without it, only Fetch Metadata can vouch.
    const ours = origin === undefined ? c.req.header('sec-fetch-site') === 'same-origin' : isOwnOrigin(origin, publicUrl, c.req.url);
    if (!ours) throw new AppError('forbidden', 'Requests from other sites are refused: use the console on this server.');
    // An upload's own route checks its type.
    if (body === 'bytes') return next();
    const type = c.req.header('content-type');
    if (type === undefined ? hasBody(c.req.raw) : !isJson(type)) throw unsupportedType();
    await next();
  };
}
