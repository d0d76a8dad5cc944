/** Writing to a customer first over HTTP: now or scheduled, and the "Pending messages" list with its cancel. */
import { outreachBody } from '@parley/protocol';
import { Hono } from 'hono';
import type { Core } from '../../core/index.ts';
import { readBody } from './read-body.ts';
import { type AgentEnv, requireAgent } from './session.ts';

export function outreachRoutes(core: Core) {
  const app = new Hono<AgentEnv>();
  app.use('/visitors/*', requireAgent(core));
  app.use('/pending-messages', requireAgent(core));
  app.use('/pending-messages/*', requireAgent(core));

  app.post('/visitors/:id/messages', async (c) => {
    const { sendAt, ...message } = await readBody(c, outreachBody);
    return c.json(await core.outreach.write(c.get('agent'), c.req.param('id'), { ...message, ...(sendAt === undefined ? {} : { sendAt }) }));
  });

  app.get('/pending-messages', async (c) => c.json({ items: await core.outreach.pending(c.get('agent')) }));

  app.post('/pending-messages/:id/cancel', async (c) => c.json({ item: await core.outreach.cancel(c.get('agent'), c.req.param('id')) }));

  return app;
}
