/** Agent sign-in, sign-out, who-am-I, and the one-time creation of the first admin. */
import { getConnInfo } from '@hono/node-server/conninfo';
import { loginBody, setupBody } from '@parley/protocol';
import { Hono } from 'hono';
import type { Core } from '../../core/index.ts';
import { agentView } from '../../core/views.ts';
import { clientAddress } from '../client-address.ts';
import { readBody } from './read-body.ts';
import { type AgentEnv, endSession, requireAgent, setSessionCookie } from './session.ts';

export function authRoutes(core: Core, { secure, trustProxy }: { secure: boolean; trustProxy: number }) {
  const app = new Hono<AgentEnv>();

  app.post('/login', async (c) => {
    const { email, password } = await readBody(c, loginBody);
    const address = clientAddress({ socketAddress: getConnInfo(c).remote.address, forwardedFor: c.req.header('x-forwarded-for'), trustProxy });
    const signedIn = await core.auth.signIn({ email, password, address });
    setSessionCookie(c, signedIn, secure);
    return c.json({ agent: agentView(signedIn.agent) });
  });

  app.post('/logout', async (c) => {
    await endSession(c, core);
    return c.body(null, 204);
  });

  app.get('/me', requireAgent(core), (c) => c.json({ agent: agentView(c.get('agent')) }));

  app.get('/setup', async (c) => {
    await core.auth.checkSetup(c.req.query('token'));
    return c.json({ ok: true });
  });

  app.post('/setup', async (c) => {
    const body = await readBody(c, setupBody);
    const signedIn = await core.auth.setup(body);
    setSessionCookie(c, signedIn, secure);
    return c.json({ agent: agentView(signedIn.agent) });
  });

  return app;
}
