/** Serves the built widget (any origin may load it: security-headers.ts) and the console (a single-page app under /console/). */
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { Hono } from 'hono';
import { REPO_ROOT as ROOT } from '../../paths.ts';

export const WIDGET_DIST = join(ROOT, 'packages/widget/dist');
export const CONSOLE_DIST = join(ROOT, 'apps/console/dist');

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.map': 'application/json',
};
const IMMUTABLE = 'public, max-age=31536000, immutable';

/** Reads a file below root; a path that climbs out of root or names nothing gives null. */
async function fileBelow(root: string, path: string): Promise<Buffer | null> {
  const full = normalize(join(root, path));
  if (!full.startsWith(root + '/')) return null;
  return readFile(full).catch(() => null);
}

function typeOf(path: string): string {
  return TYPES[extname(path)] ?? 'application/octet-stream';
}

export function assetRoutes() {
  const app = new Hono();

  app.get('/widget.js', async (c) => {
    const body = await fileBelow(WIDGET_DIST, 'widget.js');
    if (!body) return c.text('The widget is not built: run pnpm build.', 503);
    // Short: the loader it names changes with every release; the chunks themselves are immutable.
    return c.body(new Uint8Array(body), 200, {
      'content-type': TYPES['.js']!,
      'cache-control': 'public, max-age=300',
    });
  });

  app.get('/widget/*', async (c) => {
    const path = c.req.path.slice('/widget/'.length);
    const body = await fileBelow(join(WIDGET_DIST, 'widget'), path);
    if (!body) return c.notFound();
    return c.body(new Uint8Array(body), 200, { 'content-type': typeOf(path), 'cache-control': IMMUTABLE });
  });

  app.get('/console', (c) => c.redirect('/console/'));
  app.get('/console/*', async (c) => {
    const path = c.req.path.slice('/console/'.length);
    const asset = path && extname(path) ? await fileBelow(CONSOLE_DIST, path) : null;
    if (asset) {
      const cache = path.startsWith('assets/') ? IMMUTABLE : 'no-cache';
      return c.body(new Uint8Array(asset), 200, { 'content-type': typeOf(path), 'cache-control': cache });
    }
    if (extname(path) && extname(path) !== '.html') return c.notFound();
    const index = await fileBelow(CONSOLE_DIST, 'index.html');
    if (!index) return c.text('The console is not built: run pnpm build.', 503);
    return c.body(new Uint8Array(index), 200, { 'content-type': TYPES['.html']!, 'cache-control': 'no-cache' });
  });

  return app;
}
