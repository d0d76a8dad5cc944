/** Counts events per key in a sliding window: sign-in failures, messages per visitor, sessions per address. */
export interface RateRule {
  /** How many events the window allows. */
  limit: number;
  windowMs: number;
}

export type RateDecision = { ok: true; remaining: number } | { ok: false; retryAfterMs: number };

export interface RateLimiter {
  /** Counts one event and says whether it was within the rule; refused events are not counted. Atomic per key. */
  take(key: string, rule: RateRule, now: number): Promise<RateDecision>;
  /** Whether one more event would be allowed now, without counting it. */
  peek(key: string, rule: RateRule, now: number): Promise<RateDecision>;
  /** Forgets the key's events (a successful sign-in). */
  reset(key: string): Promise<void>;
  /** Uncounts the key's latest event: one taken before it was known to be harmless (a sign-in that succeeded). */
  refund(key: string): Promise<void>;
}
