/** Agent sign-in, sign-out, who-am-I, and the one-time creation of the first admin. */
import { loginBody, setupBody } from '@parley/protocol';
import { getConnInfo } from '@hono/node-server/conninfo';
import { Hono } from 'hono';
import { createLoginLimiter } from '../../core/auth/login-limiter.ts';
import { clientAddress } from '../client-address.ts';
import { hashPassword, verifyPassword } from '../../core/auth/password.ts';
import { agentFromCookieHeader, endSession, startSession } from './session.ts';
import { SETUP_TOKEN_KEY } from '../../core/first-start.ts';
import { HttpError } from './http-error.ts';
import type { Deps } from '../../core/deps.ts';
import { readBody } from './read-body.ts';

/** A fixed hash to verify against when the email is unknown, so timing does not reveal which emails exist. */
const DUMMY_HASH = await hashPassword('parley-dummy-password');

export function authRoutes({ store, config }: Deps) {
  const secure = config.publicUrl.startsWith('https:');
  const limiter = createLoginLimiter();
  const app = new Hono();

  app.post('/login', async (c) => {
    const { email, password } = await readBody(c, loginBody);
    const address = clientAddress({
      socketAddress: getConnInfo(c).remote.address,
      forwardedFor: c.req.header('x-forwarded-for'),
      trustProxy: config.trustProxy,
    });
    const key = `${address}|${email.toLowerCase()}`;
    const wait = limiter.retryAfter(key);
    if (wait > 0) {
      c.header('retry-after', String(Math.ceil(wait / 1000)));
      throw new HttpError(429, 'too_many_attempts', `Too many failed sign-ins. Try again in ${Math.ceil(wait / 60_000)} min.`);
    }
    const found = await store.agentCredentials(email);
    const ok = await verifyPassword(password, found?.passwordHash ?? DUMMY_HASH);
    if (!found || !ok) {
      limiter.failed(key);
      throw new HttpError(401, 'bad_credentials', 'Wrong email or password.');
    }
    limiter.succeeded(key);
    await startSession(c, store, found.agent, secure);
    return c.json({ agent: found.agent });
  });

  app.post('/logout', async (c) => {
    await endSession(c, store);
    return c.body(null, 204);
  });

  app.get('/me', async (c) => {
    const agent = await agentFromCookieHeader(store, c.req.header('cookie'));
    if (!agent) throw new HttpError(401, 'unauthorized', 'Sign in first.');
    return c.json({ agent });
  });

  const validSetupToken = async (token: string | undefined) =>
    Boolean(token) && token === (await store.getMeta(SETUP_TOKEN_KEY)) && (await store.countAgents()) === 0;

  app.get('/setup', async (c) => {
    if (!(await validSetupToken(c.req.query('token')))) throw new HttpError(404, 'setup_done', 'This setup link is used or unknown. Sign in instead.');
    return c.json({ ok: true });
  });

  app.post('/setup', async (c) => {
    const body = await readBody(c, setupBody);
    if (!(await validSetupToken(body.token))) throw new HttpError(404, 'setup_done', 'This setup link is used or unknown. Sign in instead.');
    const agent = await store.createAgent({ email: body.email, name: body.name, role: 'admin', passwordHash: await hashPassword(body.password) });
    await store.deleteMeta(SETUP_TOKEN_KEY);
    await startSession(c, store, agent, secure);
    return c.json({ agent });
  });

  return app;
}
