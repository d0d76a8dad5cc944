/** The Jobs contract: every adapter (SQLite, PostgreSQL) passes this suite unchanged. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createManualClock } from '../../src/adapters/memory/clock.ts';
import { createJobRunner } from '../../src/core/job-runner.ts';
import type { Jobs } from '../../src/ports/jobs.ts';

export interface JobsFixture {
  /** Two nodes' handles on one database, through separate connections. */
  nodes: [Jobs, Jobs];
  close(): Promise<void>;
}

const LEASE = 1000;

export function describeJobs(make: () => Promise<JobsFixture>) {
  describe('Jobs contract', () => {
    let fixture: JobsFixture;
    let one: Jobs;
    let two: Jobs;
    beforeEach(async () => {
      fixture = await make();
      [one, two] = fixture.nodes;
    });
    afterEach(() => fixture.close());

    const claim = (jobs: Jobs, node: string, now: number, more: { limit?: number; kinds?: string[] } = {}) =>
      jobs.claim({ node, now, leaseMs: LEASE, limit: more.limit ?? 100, kinds: more.kinds });
    const keys = (claimed: Array<{ key: string }>) => claimed.map((job) => job.key);

    it('claims a job once it is due, with its payload, and forgets it once complete', async () => {
      await one.schedule({ kind: 'auto-close', key: 'c1', at: 5000, payload: { reason: 'idle', after: [1, 2] } });
      expect(await claim(two, 'b', 4999)).toEqual([]);
      const [job, ...rest] = await claim(two, 'b', 5000);
      expect(rest).toEqual([]);
      expect(job).toMatchObject({ kind: 'auto-close', key: 'c1', at: 5000, payload: { reason: 'idle', after: [1, 2] }, attempts: 1, leaseUntil: 5000 + LEASE });
      expect(job!.claim).toEqual(expect.any(String));
      await two.complete(job!);
      expect(await claim(one, 'a', 1e12)).toEqual([]);
      expect(await one.nextDue()).toBeNull();
    });

    it('claims the oldest deadlines first, up to the limit, of the kinds asked', async () => {
      await one.schedule({ kind: 'email', key: 'late', at: 300 });
      await one.schedule({ kind: 'email', key: 'early', at: 100 });
      await one.schedule({ kind: 'away', key: 'middle', at: 200 });
      await one.schedule({ kind: 'email', key: 'future', at: 9000 });
      const [first] = await claim(two, 'b', 1000, { limit: 1 });
      expect(first).toMatchObject({ key: 'early', payload: null });
      expect(keys(await claim(two, 'b', 1000, { kinds: ['away'] }))).toEqual(['middle']);
      expect(keys(await claim(one, 'a', 1000))).toEqual(['late']);
      expect(await claim(one, 'a', 1000)).toEqual([]);
    });

    it('scheduling a job again moves its deadline and payload instead of adding one', async () => {
      await one.schedule({ kind: 'email', key: 'c1', at: 1000, payload: 1 });
      await two.schedule({ kind: 'email', key: 'c1', at: 2000, payload: 2 });
      expect(await claim(one, 'a', 1999)).toEqual([]);
      expect(await claim(one, 'a', 2000)).toMatchObject([{ key: 'c1', at: 2000, payload: 2 }]);
      await one.schedule({ kind: 'other-kind', key: 'c1', at: 0 });
      expect(keys(await claim(one, 'a', 2000))).toEqual(['c1']);
    });

    it('a job scheduled again during its run is not run twice at once, and stays due at its new time after complete', async () => {
      await one.schedule({ kind: 'email', key: 'c1', at: 1000, payload: 'first' });
      const [running] = await claim(one, 'a', 1000);
      await two.schedule({ kind: 'email', key: 'c1', at: 1200, payload: 'second' });
      expect(await claim(two, 'b', 1500)).toEqual([]);
      await one.complete(running!);
      expect(await two.nextDue()).toBe(1200);
      const [again] = await claim(two, 'b', 1500);
      expect(again).toMatchObject({ key: 'c1', at: 1200, payload: 'second', attempts: 1 });
      await two.complete(again!);
      expect(await one.nextDue()).toBeNull();
    });

    it('a job scheduled again during its run takes the new deadline over a retry', async () => {
      await one.schedule({ kind: 'email', key: 'c1', at: 1000 });
      const [running] = await claim(one, 'a', 1000);
      await two.schedule({ kind: 'email', key: 'c1', at: 1100 });
      await one.retry(running!, 50_000);
      expect(keys(await claim(two, 'b', 1100))).toEqual(['c1']);
    });

    it('lets another node claim a job once its lease ran out; the first claim then acts no more', async () => {
      await one.schedule({ kind: 'email', key: 'c1', at: 1000 });
      const [stale] = await claim(one, 'a', 1000);
      expect(await claim(two, 'b', 1000 + LEASE - 1)).toEqual([]);
      const [taken] = await claim(two, 'b', 1000 + LEASE);
      expect(taken).toMatchObject({ key: 'c1', attempts: 2 });
      expect(taken!.claim).not.toBe(stale!.claim);

      await one.complete(stale!);
      await one.retry(stale!, 0);
      expect(await claim(one, 'a', 1000 + 2 * LEASE - 1)).toEqual([]);
      // Scheduled again under the second claim: the stale one still must not end that claim's lease.
      await one.schedule({ kind: 'email', key: 'c1', at: 1000 + LEASE + 10 });
      await one.complete(stale!);
      expect(await claim(one, 'a', 1000 + 2 * LEASE - 1)).toEqual([]);
      expect(await claim(one, 'a', 1000 + 2 * LEASE)).toMatchObject([{ key: 'c1', attempts: 1 }]);
    });

    it('retry makes a job due again later, counting the attempts', async () => {
      await one.schedule({ kind: 'email', key: 'c1', at: 1000, payload: { to: 'ada' } });
      const [first] = await claim(one, 'a', 1000);
      await one.retry(first!, 3000);
      expect(await two.nextDue()).toBe(3000);
      expect(await claim(two, 'b', 2999)).toEqual([]);
      expect(await claim(two, 'b', 3000)).toMatchObject([{ key: 'c1', at: 3000, payload: { to: 'ada' }, attempts: 2 }]);
    });

    it('cancel removes a job, even one being run, and an unknown one quietly', async () => {
      await one.schedule({ kind: 'email', key: 'c1', at: 1000 });
      await one.schedule({ kind: 'email', key: 'c2', at: 1000 });
      await two.cancel('email', 'c1');
      const [running] = await claim(one, 'a', 1000);
      expect(running).toMatchObject({ key: 'c2' });
      await two.cancel('email', 'c2');
      await one.complete(running!);
      await one.retry(running!, 1000);
      await two.cancel('email', 'never-scheduled');
      expect(await claim(one, 'a', 1e12)).toEqual([]);
      expect(await one.nextDue()).toBeNull();
    });

    it('nextDue is the earliest deadline of the unleased jobs, of the kinds asked', async () => {
      expect(await one.nextDue()).toBeNull();
      await one.schedule({ kind: 'email', key: 'c1', at: 500 });
      await one.schedule({ kind: 'away', key: 'a1', at: 700 });
      await one.schedule({ kind: 'email', key: 'c2', at: 900 });
      expect(await two.nextDue()).toBe(500);
      expect(await two.nextDue(['away'])).toBe(700);
      expect(await two.nextDue(['nothing'])).toBeNull();
      await claim(one, 'a', 600, { kinds: ['email'] });
      expect(await two.nextDue()).toBe(700);
      expect(await two.nextDue(['email'])).toBe(900);
    });

    it('two runners racing on one database run every job exactly once', async () => {
      const count = 500;
      for (let i = 0; i < count; i++) await (i % 2 ? one : two).schedule({ kind: 'tick', key: `k${i}`, at: i });
      const runs = new Map<string, number>();
      const byNode = { a: 0, b: 0 };
      const clock = createManualClock(count);
      const runner = (jobs: Jobs, node: 'a' | 'b') =>
        createJobRunner({
          jobs,
          clock,
          node,
          leaseMs: 60_000,
          pollMs: 1000,
          batch: 7,
          handlers: {
            async tick(job) {
              runs.set(job.key, (runs.get(job.key) ?? 0) + 1);
              byNode[node]++;
              // Yields, so the other runner claims while this batch is still running.
              await new Promise((resolve) => setImmediate(resolve));
            },
          },
        });
      await Promise.all([runner(one, 'a').runDue(), runner(two, 'b').runDue()]);
      expect(runs.size).toBe(count);
      expect([...runs.values()].every((n) => n === 1)).toBe(true);
      expect(byNode.a).toBeGreaterThan(0);
      expect(byNode.b).toBeGreaterThan(0);
      expect(await one.nextDue()).toBeNull();
    });
  });
}
