/** Admins manage agents and teams (`/api/agents`, `/api/teams`): list, add, change role and teams, disable and enable; team modes. */
import { agentAddBody, agentPatchBody, teamAddBody, teamPatchBody } from '@parley/protocol';
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
    const change = await readBody(c, agentPatchBody);
    const id = c.req.param('id');
    if (id === c.get('agent').id && (change.disabled || (change.role !== undefined && change.role !== 'admin'))) {
      throw new AppError('not_allowed', 'You cannot disable or demote yourself; ask another admin.');
    }
    return c.json({ agent: accountView(await core.agents.change(id, change)) });
  });

  app.use('/teams', requireAgent(core, { role: 'admin' }));
  app.use('/teams/*', requireAgent(core, { role: 'admin' }));

  app.get('/teams', async (c) => c.json({ teams: await core.teams.list() }));

  app.post('/teams', async (c) => c.json({ team: await core.teams.add(await readBody(c, teamAddBody)) }, 201));

  app.patch('/teams/:name', async (c) => {
    const { mode } = await readBody(c, teamPatchBody);
    return c.json({ team: await core.teams.setMode(c.req.param('name'), mode) });
  });

  return app;
}
