/**
 * Agent sign-in: passwords checked against scrypt hashes under limits that hold under concurrency,
 * sessions kept as token hashes and ended everywhere at once, and the one-time setup link that
 * creates the first admin.
 */
import type { RateRule } from '../../ports/rate-limiter.ts';
import type { Agent } from '../../ports/store.ts';
import type { Context } from '../context.ts';
import { AppError } from '../errors.ts';
import { takeAll } from '../take-all.ts';
import { SETUP_TOKEN_KEY } from '../first-start.ts';
import { hashPassword, verifyPassword } from './password.ts';
import type { Revocations } from './revocations.ts';
import { hashToken, newToken, sameSecret } from './tokens.ts';

export const SESSION_DAYS = 30;
const SESSION_MAX_AGE_SECONDS = SESSION_DAYS * 86_400;
const WINDOW_MS = 15 * 60_000;
/**
 * Sign-in attempts allowed per window. One account from one address: typos. One account from
 * anywhere: rotating addresses buys at most a few times more. One address across accounts:
 * password spraying. Successful sign-ins are handed back, so only failures use these up.
 */
const SIGN_IN_LIMITS = {
  accountAtAddress: { limit: 10, windowMs: WINDOW_MS },
  account: { limit: 50, windowMs: WINDOW_MS },
  address: { limit: 30, windowMs: WINDOW_MS },
} satisfies Record<string, RateRule>;

/** A fixed hash to verify against when the email is unknown, so timing does not reveal which emails exist. */
const DUMMY_HASH = await hashPassword('parley-dummy-password');

const badCredentials = () => new AppError('bad_credentials', 'Wrong email or password.');
const setupDone = () => new AppError('setup_done', 'This setup link is used or unknown. Sign in instead.');

export interface SignedIn {
  agent: Agent;
  /** The cookie value; the store keeps only its hash. */
  token: string;
  maxAgeSeconds: number;
}

export type Auth = ReturnType<typeof createAuth>;

export function createAuth({ store, limiter, clock }: Pick<Context, 'store' | 'limiter' | 'clock'>, revocations: Revocations) {
  /** A session's row; the browser gets `token`, the store keeps its hash. */
  const sessionRow = (token: string, agentId: string) => ({ tokenHash: hashToken(token), agentId, expiresAt: clock.now() + SESSION_MAX_AGE_SECONDS * 1000 });

  /** The setup token, if `token` is it (compared in constant time) and no agent exists yet. */
  const validSetupToken = async (token: string | undefined) => {
    const stored = await store.meta.get(SETUP_TOKEN_KEY);
    return Boolean(token && stored && sameSecret(token, stored)) && (await store.agents.count()) === 0;
  };

  /**
   * Counts the attempt under every limit before the password is checked: concurrent guesses
   * cannot all pass a check that none of them has recorded yet. Returns what to hand back on success.
   */
  const countAttempt = async (email: string, address: string | null) => {
    const keyed: [string, RateRule][] = [
      [`login:account-address:${address}|${email}`, SIGN_IN_LIMITS.accountAtAddress],
      [`login:account:${email}`, SIGN_IN_LIMITS.account],
      [`login:address:${address}`, SIGN_IN_LIMITS.address],
    ];
    // Refused before any password was checked: the attempt counts under no limit.
    const decision = await takeAll(limiter, keyed, clock.now());
    if (!decision.ok) {
      throw new AppError('too_many_attempts', `Too many failed sign-ins. Try again in ${Math.ceil(decision.retryAfterMs / 60_000)} min.`, decision.retryAfterMs);
    }
    const [accountAtAddress, ...shared] = keyed.map(([key]) => key) as [string, string, string];
    return async function succeeded() {
      await limiter.reset(accountAtAddress);
      await Promise.all(shared.map((k) => limiter.refund(k)));
    };
  };

  return {
    async signIn(input: { email: string; password: string; address: string | null }): Promise<SignedIn> {
      const succeeded = await countAttempt(input.email.toLowerCase(), input.address);
      const found = await store.agents.credentials(input.email);
      // Unknown, disabled and wrong all verify one hash and read alike: nothing tells them apart.
      const ok = await verifyPassword(input.password, found?.passwordHash ?? DUMMY_HASH);
      if (!found || !ok || found.agent.disabledAt !== null) throw badCredentials();
      await succeeded();
      const token = newToken();
      // Made only if the password is still the one just checked and the agent still enabled: a
      // change meanwhile ended every session, and must not miss this one.
      const started = await store.transaction(async (tx) => {
        const current = await tx.agents.credentials(input.email);
        if (!current || current.agent.disabledAt !== null || !sameSecret(current.passwordHash, found.passwordHash)) return false;
        await tx.sessions.create(sessionRow(token, found.agent.id));
        return true;
      });
      if (!started) throw badCredentials();
      return { agent: found.agent, token, maxAgeSeconds: SESSION_MAX_AGE_SECONDS };
    },

    /** Only a session that existed wakes the sockets: any cookie at all must not make every socket re-check. */
    async signOut(token: string) {
      const ended = await store.transaction(async (tx) => {
        const deleted = await tx.sessions.delete(hashToken(token));
        if (deleted) await revocations.mark(tx);
        return deleted;
      });
      if (ended) revocations.notify();
    },

    agentOfSession: (token: string) => store.sessions.agent(hashToken(token), clock.now()),

    async checkSetup(token: string | undefined) {
      if (!(await validSetupToken(token))) throw setupDone();
    },

    /** Consumes the setup token and creates the admin in one transaction: of concurrent uses, one wins. */
    async setup(input: { token: string; email: string; name: string; password: string }): Promise<SignedIn> {
      // Checked first as well, so a wrong token costs no password hash.
      if (!(await validSetupToken(input.token))) throw setupDone();
      const passwordHash = await hashPassword(input.password);
      const token = newToken();
      const agent = await store.transaction(async (tx) => {
        const stored = await tx.meta.get(SETUP_TOKEN_KEY);
        if (!stored || !sameSecret(input.token, stored) || (await tx.agents.count()) > 0) return null;
        // Two uses at once (on two nodes) may both have read the token: only the one that deleted it goes on.
        if (!(await tx.meta.delete(SETUP_TOKEN_KEY))) return null;
        const agent = await tx.agents.create({ email: input.email, name: input.name, role: 'admin', passwordHash });
        await tx.sessions.create(sessionRow(token, agent.id));
        return agent;
      });
      if (!agent) throw setupDone();
      return { agent, token, maxAgeSeconds: SESSION_MAX_AGE_SECONDS };
    },

    /**
     * Whether the socket opened with `token` as `agent` may go on: 'ended' when the session is gone
     * or the agent disabled, 'changed' when their role or teams changed (it must reopen, to hear what
     * the new rights allow), else 'same'.
     */
    async sessionState(token: string, agent: Agent): Promise<'same' | 'changed' | 'ended'> {
      const current = await store.sessions.agent(hashToken(token), clock.now());
      if (current === null) return 'ended';
      return current.role === agent.role && current.teams.join('\n') === agent.teams.join('\n') ? 'same' : 'changed';
    },
  };
}
