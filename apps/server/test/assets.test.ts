import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assetRoutes, CONSOLE_DIST, WIDGET_DIST } from '../src/edges/http/assets.ts';

/**
 * A GET whose path reaches the routes exactly as written. `new Request()` (and so `app.request()`,
 * fetch, and the node server's URL parsing) would resolve `..` segments, plain or as `%2e%2e`,
 * before any route saw them; a proxy or another runtime may not, and then only the guard is left.
 */
function rawGet(path: string): Request {
  return Object.defineProperty(new Request('http://localhost/'), 'url', { value: `http://localhost${path}` });
}

describe('asset routes', () => {
  it.each([
    ['/widget/../../package.json', join(WIDGET_DIST, 'widget')],
    ['/console/../package.json', CONSOLE_DIST],
  ])('refuse %s, which climbs out of its folder to a file that exists', async (path, folder) => {
    const target = path.slice(path.indexOf('/', 1) + 1);
    expect(existsSync(join(folder, target))).toBe(true);
    const res = await assetRoutes().request(rawGet(path));
    expect(res.status).toBe(404);
  });
});
