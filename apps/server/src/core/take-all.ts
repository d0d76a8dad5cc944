/** Counting one event under several limits at once, as sign-in and the visitor limits both do. */
import type { RateLimiter, RateRule } from '../ports/rate-limiter.ts';

/**
 * Counts one event under every rule, or under none: a rule that refuses hands back what the rules
 * before it took. Each take is atomic, so concurrent events never all pass a check none recorded.
 */
export async function takeAll(limiter: RateLimiter, rules: [key: string, rule: RateRule][], now: number): Promise<{ ok: true } | { ok: false; retryAfterMs: number }> {
  const taken: string[] = [];
  for (const [key, rule] of rules) {
    const decision = await limiter.take(key, rule, now);
    if (!decision.ok) {
      await Promise.all(taken.map((k) => limiter.refund(k)));
      return decision;
    }
    taken.push(key);
  }
  return { ok: true };
}
