/** The RateLimiter contract: every adapter (in-process, Redis) passes this suite unchanged. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RateLimiter } from '../../src/ports/rate-limiter.ts';

export interface RateLimiterFixture {
  /** Two nodes' handles on one shared limiter; an in-process adapter may give the same one twice. */
  nodes: [RateLimiter, RateLimiter];
  close(): Promise<void>;
}

const rule = { limit: 3, windowMs: 1000 };

export function describeRateLimiter(make: () => Promise<RateLimiterFixture>) {
  describe('RateLimiter contract', () => {
    let fixture: RateLimiterFixture;
    let one: RateLimiter;
    let two: RateLimiter;
    beforeEach(async () => {
      fixture = await make();
      [one, two] = fixture.nodes;
    });
    afterEach(() => fixture.close());

    it('allows `limit` events in the window, counting down what remains, then refuses', async () => {
      expect(await one.take('k', rule, 0)).toEqual({ ok: true, remaining: 2 });
      expect(await two.take('k', rule, 10)).toEqual({ ok: true, remaining: 1 });
      expect(await one.take('k', rule, 20)).toEqual({ ok: true, remaining: 0 });
      expect((await two.take('k', rule, 30)).ok).toBe(false);
    });

    it('says how long until the oldest counted event leaves the window', async () => {
      for (const at of [0, 100, 200]) await one.take('k', rule, at);
      expect(await one.take('k', rule, 500)).toEqual({ ok: false, retryAfterMs: 500 });
      expect(await two.take('k', rule, 999)).toEqual({ ok: false, retryAfterMs: 1 });
      expect(await two.take('k', rule, 1000)).toEqual({ ok: true, remaining: 0 });
    });

    it('slides: each event stops counting a window after it happened', async () => {
      for (const at of [0, 100, 200]) await one.take('k', rule, at);
      expect((await one.take('k', rule, 1000)).ok).toBe(true);
      expect(await one.take('k', rule, 1050)).toEqual({ ok: false, retryAfterMs: 50 });
      expect((await one.take('k', rule, 1100)).ok).toBe(true);
      expect(await one.take('k', rule, 2500)).toEqual({ ok: true, remaining: 2 });
    });

    it('does not count refused events', async () => {
      for (const at of [0, 1, 2]) await one.take('k', rule, at);
      for (let at = 3; at < 1000; at += 50) expect((await two.take('k', rule, at)).ok).toBe(false);
      expect(await one.take('k', rule, 1002)).toEqual({ ok: true, remaining: 2 });
    });

    it('peek tells what take would, without counting', async () => {
      for (let i = 0; i < 5; i++) expect(await two.peek('k', rule, 0)).toEqual({ ok: true, remaining: 2 });
      for (const at of [0, 100, 200]) expect((await one.take('k', rule, at)).ok).toBe(true);
      expect(await two.peek('k', rule, 300)).toEqual({ ok: false, retryAfterMs: 700 });
    });

    it('keeps keys apart, and reset forgets one key only', async () => {
      for (const at of [0, 1, 2]) {
        await one.take('a', rule, at);
        await one.take('b', rule, at);
      }
      await two.reset('a');
      expect(await one.take('a', rule, 3)).toEqual({ ok: true, remaining: 2 });
      expect((await one.take('b', rule, 3)).ok).toBe(false);
      await two.reset('never-seen');
    });

    it('refund uncounts one event of one key', async () => {
      for (const at of [0, 1, 2]) await one.take('a', rule, at);
      await two.refund('a');
      expect(await one.take('a', rule, 3)).toEqual({ ok: true, remaining: 0 });
      expect((await one.take('a', rule, 4)).ok).toBe(false);
      await two.refund('never-seen');
      expect(await one.take('never-seen', rule, 5)).toEqual({ ok: true, remaining: 2 });
    });

    it('is atomic per key: of 200 takes at once from two nodes, exactly `limit` pass', async () => {
      const limit = { limit: 10, windowMs: 60_000 };
      const decisions = await Promise.all(Array.from({ length: 200 }, (_, i) => (i % 2 ? one : two).take('burst', limit, 1000)));
      expect(decisions.filter((decision) => decision.ok)).toHaveLength(10);
    });
  });
}
