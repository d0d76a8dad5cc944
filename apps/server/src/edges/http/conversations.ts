/**
 * Conversations over HTTP for signed-in agents (integrations, scripts): the transcript and the
 * commands the console sends by socket, each the same core command, under the same visibility rule.
 */
import { assignBody, callInviteBody, MAX_HISTORY_PAGE } from '@parley/protocol';
import { Hono } from 'hono';
import { AppError } from '../../core/errors.ts';
import type { Core } from '../../core/index.ts';
import { messageView } from '../../core/views.ts';
import { readBody } from './read-body.ts';
import { type AgentEnv, requireAgent } from './session.ts';

export function conversationRoutes(core: Core) {
  const app = new Hono<AgentEnv>();
  app.use('/conversations/*', requireAgent(core));

  // The same as a console's first open: the latest page, and whether older messages exist; with `before`, the page before that seq.
  app.get('/conversations/:id/messages', async (c) => {
    const before = c.req.query('before');
    if (before === undefined) return c.json(await core.conversations.history(c.get('agent'), c.req.param('id'), 0));
    const seq = Number(before);
    if (!Number.isInteger(seq) || seq < 1) throw new AppError('bad_request', 'before is a message seq: a whole number from 1.');
    const { messages, more } = await core.conversations.older(c.get('agent'), c.req.param('id'), seq, MAX_HISTORY_PAGE);
    return c.json({ messages, older: more });
  });

  app.post('/conversations/:id/join', async (c) => {
    await core.conversations.join(c.get('agent'), c.req.param('id'));
    return c.body(null, 204);
  });

  app.post('/conversations/:id/assign', async (c) => {
    const { agentId } = await readBody(c, assignBody);
    await core.conversations.assign(c.get('agent'), c.req.param('id'), agentId);
    return c.body(null, 204);
  });

  /** "Send call link": the invitation, as every listener hears it. */
  app.post('/conversations/:id/call', async (c) => {
    const { clientId } = await readBody(c, callInviteBody);
    const { message } = await core.calls.invite(c.get('agent'), { conversationId: c.req.param('id'), clientId });
    return c.json({ message: messageView(message) }, 201);
  });

  return app;
}
