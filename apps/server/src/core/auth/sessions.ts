/**
 * Agent sign-in: passwords checked against scrypt hashes, failures limited per address and email,
 * sessions kept as token hashes, and the one-time setup link that creates the first admin.
 */
import { hashPassword, verifyPassword } from './password.ts';
import { hashToken, newToken } from './tokens.ts';
import type { Agent } from '../../ports/store.ts';
import type { Context } from '../context.ts';
import { AppError } from '../errors.ts';
import { SETUP_TOKEN_KEY } from '../first-start.ts';

export const SESSION_DAYS = 30;
/** After this many failed sign-ins for one email from one address, refuse for the rest of the window. */
const LOGIN_FAILURES = { limit: 10, windowMs: 15 * 60_000 };

/** A fixed hash to verify against when the email is unknown, so timing does not reveal which emails exist. */
const DUMMY_HASH = await hashPassword('parley-dummy-password');

export interface SignedIn {
  agent: Agent;
  /** The cookie value; the store keeps only its hash. */
  token: string;
  maxAgeSeconds: number;
}

export type Auth = ReturnType<typeof createAuth>;

export function createAuth({ store, limiter, clock }: Pick<Context, 'store' | 'limiter' | 'clock'>) {
  const startSession = async (agent: Agent): Promise<SignedIn> => {
    const token = newToken();
    const maxAgeSeconds = SESSION_DAYS * 86_400;
    await store.sessions.create({ tokenHash: hashToken(token), agentId: agent.id, expiresAt: clock.now() + maxAgeSeconds * 1000 });
    return { agent, token, maxAgeSeconds };
  };

  const validSetupToken = async (token: string | undefined) =>
    Boolean(token) && token === (await store.meta.get(SETUP_TOKEN_KEY)) && (await store.agents.count()) === 0;

  return {
    async signIn(input: { email: string; password: string; address: string | null }): Promise<SignedIn> {
      const key = `login:${input.address}|${input.email.toLowerCase()}`;
      const allowed = await limiter.peek(key, LOGIN_FAILURES, clock.now());
      if (!allowed.ok) {
        throw new AppError('too_many_attempts', `Too many failed sign-ins. Try again in ${Math.ceil(allowed.retryAfterMs / 60_000)} min.`, allowed.retryAfterMs);
      }
      const found = await store.agents.credentials(input.email);
      const ok = await verifyPassword(input.password, found?.passwordHash ?? DUMMY_HASH);
      if (!found || !ok) {
        await limiter.take(key, LOGIN_FAILURES, clock.now());
        throw new AppError('bad_credentials', 'Wrong email or password.');
      }
      await limiter.reset(key);
      return startSession(found.agent);
    },

    signOut: (token: string) => store.sessions.delete(hashToken(token)),

    agentOfSession: (token: string) => store.sessions.agent(hashToken(token), clock.now()),

    async checkSetup(token: string | undefined) {
      if (!(await validSetupToken(token))) throw new AppError('setup_done', 'This setup link is used or unknown. Sign in instead.');
    },

    async setup(input: { token: string; email: string; name: string; password: string }): Promise<SignedIn> {
      if (!(await validSetupToken(input.token))) throw new AppError('setup_done', 'This setup link is used or unknown. Sign in instead.');
      const agent = await store.agents.create({ email: input.email, name: input.name, role: 'admin', team: '', passwordHash: await hashPassword(input.password) });
      await store.meta.delete(SETUP_TOKEN_KEY);
      return startSession(agent);
    },
  };
}
