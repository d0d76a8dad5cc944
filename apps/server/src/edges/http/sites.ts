/** Admins' site settings (`/api/sites`): each site with its secret and embed snippet; changes read as `pnpm parley site set` reads them; a new secret. */
import { embedSnippet, readSiteChanges, type SiteAdminView, siteChangesBody } from '@parley/protocol';
import { Hono } from 'hono';
import { AppError } from '../../core/errors.ts';
import type { Core } from '../../core/index.ts';
import type { Site } from '../../ports/store.ts';
import { readBody } from './read-body.ts';
import { type AgentEnv, requireAgent } from './session.ts';

export function siteRoutes(core: Core, publicUrl: string) {
  const app = new Hono<AgentEnv>();
  app.use('/sites', requireAgent(core, { role: 'admin' }));
  app.use('/sites/*', requireAgent(core, { role: 'admin' }));

  const view = (site: Site): SiteAdminView => ({
    key: site.key,
    name: site.name,
    origins: site.origins,
    secret: site.secret,
    embed: embedSnippet(publicUrl, site.key),
    settings: site.settings,
  });

  app.get('/sites', async (c) => c.json({ sites: (await core.sites.list()).map(view) }));

  app.patch('/sites/:key', async (c) => {
    const read = readSiteChanges(await readBody(c, siteChangesBody));
    if (!read.ok) throw new AppError('bad_request', Object.values(read.problems).join('\n'), undefined, read.problems);
    return c.json({ site: view(await core.sites.update(c.req.param('key'), read.change)) });
  });

  app.post('/sites/:key/secret', async (c) => c.json({ site: view(await core.sites.rotateSecret(c.req.param('key'))) }));

  return app;
}
