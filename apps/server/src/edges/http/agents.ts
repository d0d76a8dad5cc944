/** Admins manage agents (`/api/agents`): the list, adding one, and disabling or enabling one. */
import { agentAddBody, agentPatchBody } from '@parley/protocol';
import { Hono } from 'hono';
import { AppError } from '../../core/errors.ts';
import type { Core } from '../../core/index.ts';
import { accountView } from '../../core/views.ts';
import { readBody } from './read-body.ts';
import { type AgentEnv, requireAgent } from './session.ts';

export function agentRoutes(core: Core) {
  const app = new Hono<AgentEnv>();
  app.use('/agents', requireAgent(core, { role: 'admin' }));
  app.use('/agents/*', requireAgent(core, { role: 'admin' }));

  app.get('/agents', async (c) => c.json({ agents: (await core.agents.list()).map(accountView) }));

  app.post('/agents', async (c) => {
    const agent = await core.agents.add(await readBody(c, agentAddBody));
    return c.json({ agent: accountView(agent) }, 201);
  });

  app.patch('/agents/:id', async (c) => {
    const { disabled } = await readBody(c, agentPatchBody);
    const id = c.req.param('id');
    if (id === c.get('agent').id) throw new AppError('not_allowed', 'You cannot disable yourself; ask another admin.');
    return c.json({ agent: accountView(await core.agents.change(id, { disabled })) });
  });

  return app;
}
