/** Message templates (`/api/templates`): every signed-in agent lists theirs and the shared ones; who may change which is the core's rule. */
import { templateAddBody, templatePatchBody } from '@parley/protocol';
import { Hono } from 'hono';
import type { Core } from '../../core/index.ts';
import { readBody } from './read-body.ts';
import { type AgentEnv, requireAgent } from './session.ts';

export function templateRoutes(core: Core) {
  const app = new Hono<AgentEnv>();
  app.use('/templates', requireAgent(core));
  app.use('/templates/*', requireAgent(core));

  app.get('/templates', async (c) => c.json({ templates: await core.templates.list(c.get('agent')) }));

  app.post('/templates', async (c) => c.json({ template: await core.templates.add(c.get('agent'), await readBody(c, templateAddBody)) }, 201));

  app.patch('/templates/:id', async (c) => c.json({ template: await core.templates.change(c.get('agent'), c.req.param('id'), await readBody(c, templatePatchBody)) }));

  app.delete('/templates/:id', async (c) => {
    await core.templates.remove(c.get('agent'), c.req.param('id'));
    return c.body(null, 204);
  });

  return app;
}
