/**
 * Customers for signed-in agents (`/api/customers`): search, a customer's page, their details, the
 * communications log, and linking a visitor to them; each a core command under the site rule.
 */
import { customerDetailsBody, customerSearchQuery, linkBody, logEntryBody, parse } from '@parley/protocol';
import { Hono } from 'hono';
import { AppError } from '../../core/errors.ts';
import type { Core } from '../../core/index.ts';
import { readBody } from './read-body.ts';
import { type AgentEnv, requireAgent } from './session.ts';

export function customerRoutes(core: Core) {
  const app = new Hono<AgentEnv>();
  app.use('/customers', requireAgent(core));
  app.use('/customers/*', requireAgent(core));

  app.get('/customers', async (c) => {
    const query = parse(customerSearchQuery, c.req.query());
    if (!query.ok) throw new AppError('bad_request', query.message);
    return c.json(await core.customers.search(c.get('agent'), query.value));
  });

  app.get('/customers/:id', async (c) => c.json({ customer: await core.customers.record(c.get('agent'), c.req.param('id')) }));

  app.patch('/customers/:id', async (c) => c.json({ customer: await core.customers.edit(c.get('agent'), c.req.param('id'), await readBody(c, customerDetailsBody)) }));

  app.post('/customers/:id/log', async (c) => c.json({ entry: await core.customers.addLog(c.get('agent'), c.req.param('id'), await readBody(c, logEntryBody)) }, 201));

  app.post('/customers/:id/link', async (c) => {
    const { visitorId } = await readBody(c, linkBody);
    return c.json({ customer: await core.customers.link(c.get('agent'), visitorId, c.req.param('id')) });
  });

  return app;
}
