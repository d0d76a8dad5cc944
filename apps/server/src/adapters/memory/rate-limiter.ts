/** The RateLimiter in one process: each key's event times in a sliding window. */
import type { RateDecision, RateLimiter, RateRule } from '../../ports/rate-limiter.ts';

interface Events {
  /** Times of the counted events, oldest first. */
  times: number[];
  /** The window of the last rule applied: how long these times matter. */
  windowMs: number;
}

/** Keys are swept when the map doubled since the last sweep, so each take costs O(1) on average. */
const MIN_SWEEP_SIZE = 1024;

export interface MemoryRateLimiter extends RateLimiter {
  /** How many keys are held: the memory bound, for tests. */
  readonly size: number;
}

export function createMemoryRateLimiter(): MemoryRateLimiter {
  const keys = new Map<string, Events>();
  let sweepAt = MIN_SWEEP_SIZE;

  /** The key's events still inside the window at `now`; null (and the key forgotten) when none is. */
  function live(key: string, windowMs: number, now: number): Events | null {
    const events = keys.get(key);
    if (!events) return null;
    events.windowMs = windowMs;
    const expired = events.times.findIndex((at) => at > now - windowMs);
    if (expired === -1) {
      keys.delete(key);
      return null;
    }
    events.times.splice(0, expired);
    return events;
  }

  function sweep(now: number) {
    for (const [key, events] of keys) {
      if ((events.times.at(-1) ?? -Infinity) <= now - events.windowMs) keys.delete(key);
    }
    sweepAt = Math.max(MIN_SWEEP_SIZE, keys.size * 2);
  }

  function decide(events: Events | null, rule: RateRule, now: number): RateDecision {
    const counted = events?.times.length ?? 0;
    if (counted < rule.limit) return { ok: true, remaining: rule.limit - counted - 1 };
    // One more is allowed once all but limit - 1 of the counted events left the window.
    const freeing = events?.times[counted - rule.limit] ?? now;
    return { ok: false, retryAfterMs: freeing + rule.windowMs - now };
  }

  return {
    get size() {
      return keys.size;
    },
    async take(key, rule, now) {
      const events = live(key, rule.windowMs, now);
      const decision = decide(events, rule, now);
      if (!decision.ok) return decision;
      if (events) events.times.push(now);
      else keys.set(key, { times: [now], windowMs: rule.windowMs });
      if (keys.size >= sweepAt) sweep(now);
      return decision;
    },
    async peek(key, rule, now) {
      return decide(live(key, rule.windowMs, now), rule, now);
    },
    async reset(key) {
      keys.delete(key);
    },
    async refund(key) {
      const events = keys.get(key);
      events?.times.pop();
      if (events?.times.length === 0) keys.delete(key);
    },
  };
}
