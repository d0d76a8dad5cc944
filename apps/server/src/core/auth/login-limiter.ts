/** Slows password guessing: after too many failed sign-ins for one email from one address, refuse for a while. */
const MAX_FAILURES = 10;
const WINDOW_MS = 15 * 60_000;

export function createLoginLimiter(maxFailures = MAX_FAILURES, windowMs = WINDOW_MS) {
  const failures = new Map<string, number[]>();
  const recent = (key: string, now: number) => (failures.get(key) ?? []).filter((at) => at > now - windowMs);

  return {
    /** Milliseconds until this key may try again; 0 when it may now. */
    retryAfter(key: string, now = Date.now()): number {
      const list = recent(key, now);
      return list.length >= maxFailures ? list[0]! + windowMs - now : 0;
    },
    failed(key: string, now = Date.now()) {
      // Pruned on every failure, so the map holds only keys that failed within the window.
      for (const [other, list] of failures) if (list.every((at) => at <= now - windowMs)) failures.delete(other);
      failures.set(key, [...recent(key, now), now]);
    },
    succeeded(key: string) {
      failures.delete(key);
    },
  };
}
