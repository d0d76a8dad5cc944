/**
 * The browser-side defences of every response, by what the route serves: the console (a strict
 * CSP, never framed), the widget's scripts (loaded by any site), the demo page (a pretend shop)
 * and everything else (JSON and small pages: nothing but their own inline style).
 */
import { AVATARS_PATH, FILES_PATH } from '@parley/protocol';
import type { MiddlewareHandler } from 'hono';

type Kind = 'console' | 'widget' | 'demo' | 'file' | 'avatar' | 'page';

function kindOf(path: string): Kind {
  if (path === '/console' || path.startsWith('/console/')) return 'console';
  if (path === '/widget.js' || path.startsWith('/widget/')) return 'widget';
  if (path === '/demo') return 'demo';
  if (path.startsWith(`${FILES_PATH}/`)) return 'file';
  if (path.startsWith(`${AVATARS_PATH}/`)) return 'avatar';
  return 'page';
}

/** The socket origins the console may open: ours as the browser reached us and as published. */
function socketOrigins(publicUrl: string, reachedAs: string): string {
  const ws = (url: string) => new URL(url).origin.replace(/^http/, 'ws');
  return [...new Set([ws(publicUrl), ws(reachedAs)])].join(' ');
}

function consolePolicy(publicUrl: string, reachedAs: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    // data: for the blank favicon in index.html.
    "img-src 'self' data:",
    `connect-src 'self' ${socketOrigins(publicUrl, reachedAs)}`,
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "object-src 'none'",
  ].join('; ');
}

/** Mail-link pages and JSON: no script at all, their own inline <style>, forms back to us. */
const PAGE_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/** A file sent in a chat, even opened on its own: no script, no plugin, no request of its own, no framing, and no embedding by other sites. */
const FILE_POLICY = "sandbox; default-src 'none'; frame-ancestors 'none'";

/** A year; only over https, where the browser honours it (and http would lock the site out). */
const HSTS = 'max-age=31536000';

export function securityHeaders({ publicUrl }: { publicUrl: string }): MiddlewareHandler {
  const https = new URL(publicUrl).protocol === 'https:';
  return async function securityHeadersHandler(c, next) {
    await next();
    const headers = c.res.headers;
    headers.set('x-content-type-options', 'nosniff');
    if (https) headers.set('strict-transport-security', HSTS);
    const kind = kindOf(c.req.path);
    switch (kind) {
      case 'console':
        headers.set('content-security-policy', consolePolicy(publicUrl, c.req.url));
        headers.set('x-frame-options', 'DENY');
        headers.set('referrer-policy', 'no-referrer');
        headers.set('cross-origin-opener-policy', 'same-origin');
        return;
      case 'widget':
        // Module scripts are fetched with CORS; any site may run this public code.
        headers.set('access-control-allow-origin', '*');
        headers.set('cross-origin-resource-policy', 'cross-origin');
        headers.set('referrer-policy', 'strict-origin-when-cross-origin');
        return;
      case 'demo':
        headers.set('referrer-policy', 'strict-origin-when-cross-origin');
        return;
      case 'file':
        headers.set('content-security-policy', FILE_POLICY);
        headers.set('x-frame-options', 'DENY');
        headers.set('referrer-policy', 'no-referrer');
        // The widget reads files by CORS (which this does not stop); an <img> on another site is refused.
        headers.set('cross-origin-resource-policy', 'same-origin');
        return;
      case 'avatar':
        headers.set('content-security-policy', FILE_POLICY);
        headers.set('referrer-policy', 'no-referrer');
        // Public by design: the widget's header on every site shows it as an <img>.
        headers.set('cross-origin-resource-policy', 'cross-origin');
        return;
      case 'page':
        headers.set('content-security-policy', PAGE_POLICY);
        headers.set('x-frame-options', 'DENY');
        headers.set('referrer-policy', 'no-referrer');
    }
  };
}
