/** Builds the HTTP app without listening: main.ts serves it, tests call app.request(). */
import { Hono } from 'hono';
import { compress } from 'hono/compress';
import type { Deps } from '../../core/deps.ts';
import { HttpError } from './http-error.ts';
import { assetRoutes } from './assets.ts';
import { authRoutes } from './auth.ts';
import { demoRoutes } from './demo.ts';
import { mailApiRoutes, mailRoutes } from './mail.ts';

export function createApp(deps: Deps) {
  const app = new Hono();
  app.use('*', compress());
  app.get('/healthz', (c) => c.json({ ok: true }));
  app.get('/', (c) => c.redirect('/console/'));
  app.route('/api', authRoutes(deps));
  app.route('/', assetRoutes());
  app.route('/', demoRoutes(deps));
  app.route('/api', mailApiRoutes(deps));
  app.route('/', mailRoutes(deps));

  app.notFound((c) => c.json({ error: { code: 'not_found', message: `Nothing at ${c.req.method} ${c.req.path}.` } }, 404));
  app.onError(function onError(error, c) {
    if (error instanceof HttpError) return c.json({ error: { code: error.code, message: error.message } }, error.status);
    console.error(error);
    return c.json({ error: { code: 'internal', message: 'Something went wrong on the server.' } }, 500);
  });
  return app;
}
