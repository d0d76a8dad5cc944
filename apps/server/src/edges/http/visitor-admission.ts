/**
 * GET /ws/visitor without an upgrade: why the socket would be refused, for a widget whose handshake
 * failed. Any page may ask (CORS), and learns only whether its own Origin is allowed.
 */
import { SITE_PARAM } from '@parley/protocol';
import { Hono } from 'hono';
import type { Core } from '../../core/index.ts';
import { admitVisitor } from '../visitor-admission.ts';

export function visitorAdmissionRoutes(core: Core) {
  const app = new Hono();
  app.get('/ws/visitor', async (c) => {
    c.header('access-control-allow-origin', '*');
    const admission = await admitVisitor(core, c.req.query(SITE_PARAM), c.req.header('origin'));
    if (!admission.ok) return c.json({ error: { code: admission.code, message: admission.message } }, admission.status);
    return c.json({ error: { code: 'upgrade_required', message: 'This page may open the socket: connect as a WebSocket.' } }, 426);
  });
  return app;
}
