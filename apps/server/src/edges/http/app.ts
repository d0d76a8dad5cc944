/** Builds the HTTP app without listening: server.ts serves it, tests call app.request(). */
import { MAX_BODY_BYTES, MY_AVATAR_PATH } from '@parley/protocol';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { except } from 'hono/combine';
import { compress } from 'hono/compress';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { AppError, type AppErrorCode } from '../../core/errors.ts';
import type { Core } from '../../core/index.ts';
import { ConflictError, NotFoundError, StoreUnavailableError } from '../../ports/errors.ts';
import { assetRoutes } from './assets.ts';
import { agentRoutes } from './agents.ts';
import { avatarRoutes } from './avatars.ts';
import { conversationRoutes } from './conversations.ts';
import { customerRoutes } from './customers.ts';
import { authRoutes } from './auth.ts';
import { demoRoutes } from './demo.ts';
import { historyRoutes } from './history.ts';
import { fileRoutes, UPLOAD_PATHS } from './files.ts';
import { mailApiRoutes, mailRoutes } from './mail.ts';
import { outreachRoutes } from './outreach.ts';
import { requireSameOrigin } from './same-origin.ts';
import { securityHeaders } from './security-headers.ts';
import { siteRoutes } from './sites.ts';
import { templateRoutes } from './templates.ts';
import { visitorAdmissionRoutes } from './visitor-admission.ts';

/** How each of the core's errors reads over HTTP; the rest are the client's mistakes (400). */
const STATUS: Partial<Record<AppErrorCode, ContentfulStatusCode>> = {
  unauthorized: 401,
  bad_credentials: 401,
  forbidden: 403,
  not_allowed: 403,
  origin_not_allowed: 403,
  not_found: 404,
  unknown_site: 404,
  setup_done: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  too_many_attempts: 429,
  rate_limited: 429,
};

export function createApp(core: Core, options: { publicUrl: string; trustProxy: number }) {
  const app = new Hono();
  app.use('*', securityHeaders({ publicUrl: options.publicUrl }));
  app.use('*', compress());
  // The mail links are exempt: unsubscribe (RFC 8058: mail providers POST it from nowhere, as a
  // form) and the address confirmation (a form on our own page). Each one's unguessable token is
  // the proof, and all it can do is act for the token's own visitor and address.
  // Uploads check their origin themselves: the widget's come from the sites' own pages; an agent's photo is bytes, not JSON.
  app.use('*', except(['/u/*', '/e/*', ...UPLOAD_PATHS, MY_AVATAR_PATH], requireSameOrigin({ publicUrl: options.publicUrl })));
  // Refused by Content-Length before a byte is read, or while streaming once past the limit; the rest is never buffered.
  // Uploads are limited by their site's uploadMaxBytes, as they stream (files.ts); a photo by AVATAR_MAX_BYTES (avatars.ts).
  app.use(
    '*',
    except([...UPLOAD_PATHS, MY_AVATAR_PATH], bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError(c) {
        // The unread rest of the body is never taken in, so this connection cannot carry another request.
        c.header('connection', 'close');
        throw new AppError('payload_too_large', `Request bodies are limited to ${MAX_BODY_BYTES / 1024} KiB.`);
      },
    })),
  );
  app.get('/healthz', (c) => c.json({ ok: true }));
  app.get('/', (c) => c.redirect('/console/'));
  // Before authRoutes, whose /api/me would otherwise not be the end of the path.
  app.route('/', avatarRoutes(core, options));
  app.route('/api', authRoutes(core, { secure: options.publicUrl.startsWith('https:'), trustProxy: options.trustProxy }));
  app.route('/', assetRoutes());
  app.route('/', demoRoutes(core, options.publicUrl));
  app.route('/api', mailApiRoutes(core));
  app.route('/api', agentRoutes(core));
  app.route('/api', siteRoutes(core, options.publicUrl));
  // Before conversationRoutes, whose session check would otherwise run first on an upload.
  app.route('/api', fileRoutes(core, options));
  app.route('/api', conversationRoutes(core));
  app.route('/api', outreachRoutes(core));
  app.route('/api', historyRoutes(core));
  app.route('/api', templateRoutes(core));
  app.route('/api', customerRoutes(core));
  app.route('/', mailRoutes(core));
  app.route('/', visitorAdmissionRoutes(core));

  app.notFound((c) => c.json({ error: { code: 'not_found', message: `Nothing at ${c.req.method} ${c.req.path}.` } }, 404));
  app.onError(function onError(error, c) {
    if (error instanceof AppError) {
      if (error.retryAfterMs !== undefined) c.header('retry-after', String(Math.ceil(error.retryAfterMs / 1000)));
      return c.json({ error: { code: error.code, message: error.message, ...(error.fields && { fields: error.fields }) } }, STATUS[error.code] ?? 400);
    }
    if (error instanceof NotFoundError) return c.json({ error: { code: 'not_found', message: error.message } }, 404);
    if (error instanceof ConflictError) return c.json({ error: { code: 'conflict', message: error.message } }, 409);
    if (error instanceof StoreUnavailableError) return c.json({ error: { code: 'unavailable', message: error.message } }, 503);
    console.error(error);
    return c.json({ error: { code: 'internal', message: 'Something went wrong on the server.' } }, 500);
  });
  return app;
}
