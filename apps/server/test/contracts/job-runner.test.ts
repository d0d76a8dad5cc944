import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createManualClock, systemClock } from '../../src/adapters/memory/clock.ts';
import { createJobRunner, type JobHandler, type JobRunnerOptions } from '../../src/core/job-runner.ts';
import type { ClaimedJob, Jobs } from '../../src/ports/jobs.ts';
import { openJobs, tempDatabase } from './sqlite-jobs.ts';

const HOUR = 60 * 60_000;

describe('the job runner', () => {
  let jobs: Jobs;
  let cleanup: () => void;
  const stops: Array<() => Promise<void>> = [];
  beforeEach(() => {
    const database = tempDatabase();
    const opened = openJobs(database.file);
    jobs = opened.jobs;
    cleanup = () => {
      opened.close();
      database.remove();
    };
  });
  afterEach(async () => {
    for (const stop of stops.splice(0)) await stop();
    cleanup();
  });

  const failures: unknown[] = [];
  function runner(handlers: Record<string, JobHandler>, options: Partial<JobRunnerOptions> = {}) {
    failures.length = 0;
    const made = createJobRunner({ jobs, clock: systemClock, node: 'n1', leaseMs: 60_000, pollMs: 60_000, batch: 10, handlers, report: (error) => failures.push(error), ...options });
    stops.push(() => made.stop(100));
    return made;
  }
  const until = async (condition: () => boolean, timeoutMs = 2000) => {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
      if (Date.now() > deadline) throw new Error('timed out');
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  };

  it('runs what is due and leaves the rest for later', async () => {
    const clock = createManualClock(1000);
    const ran: Array<[string, unknown]> = [];
    const jobsRunner = runner({ close: async (job) => void ran.push([job.key, job.payload]) }, { clock });
    await jobs.schedule({ kind: 'close', key: 'c1', at: 1000, payload: { silentFor: 5 } });
    await jobs.schedule({ kind: 'close', key: 'c2', at: 2000 });
    await jobsRunner.runDue();
    expect(ran).toEqual([['c1', { silentFor: 5 }]]);
    clock.advance(1000);
    await jobsRunner.runDue();
    expect(ran.map(([key]) => key)).toEqual(['c1', 'c2']);
    expect(await jobs.nextDue()).toBeNull();
  });

  it('claims batch after batch until nothing is due', async () => {
    const clock = createManualClock(1000);
    let ran = 0;
    for (let i = 0; i < 25; i++) await jobs.schedule({ kind: 'tick', key: `k${i}`, at: i });
    await runner({ tick: async () => void ran++ }, { clock, batch: 4 }).runDue();
    expect(ran).toBe(25);
  });

  it('runDue() asked during a round also runs what was scheduled after that round last looked', async () => {
    const clock = createManualClock(1000);
    const ran: string[] = [];
    const jobsRunner = runner({ tick: async (job) => void ran.push(job.key) }, { clock });
    // The round's first claim is made, and finds nothing, before the job below is written.
    const first = jobsRunner.runDue();
    void jobs.schedule({ kind: 'tick', key: 'late', at: 1000 });
    await Promise.all([first, jobsRunner.runDue()]);
    expect(ran).toEqual(['late']);
  });

  it('retries a handler that threw, waiting longer each time, then completes it', async () => {
    const clock = createManualClock(0);
    const attempts: number[] = [];
    const jobsRunner = runner(
      {
        async send(job: ClaimedJob) {
          attempts.push(job.attempts);
          if (job.attempts < 3) throw new Error('the mail server is down');
        },
      },
      { clock },
    );
    await jobs.schedule({ kind: 'send', key: 'e1', at: 0 });
    await jobsRunner.runDue();
    const first = (await jobs.nextDue())!;
    // The first retry waits 1 s, cut by up to half at random.
    expect(first).toBeGreaterThanOrEqual(500);
    expect(first).toBeLessThanOrEqual(1000);
    expect(Number.isInteger(first)).toBe(true);
    clock.set(first - 1);
    await jobsRunner.runDue();
    expect(attempts).toEqual([1]);
    clock.set(first);
    await jobsRunner.runDue();
    const second = (await jobs.nextDue())! - first;
    expect(second).toBeGreaterThanOrEqual(1000);
    expect(second).toBeLessThanOrEqual(2000);
    clock.advance(second);
    await jobsRunner.runDue();
    expect(attempts).toEqual([1, 2, 3]);
    expect(failures).toHaveLength(2);
    expect(await jobs.nextDue()).toBeNull();
  });

  it('caps the wait between retries at an hour', async () => {
    const clock = createManualClock(0);
    const jobsRunner = runner({ send: () => Promise.reject(new Error('always down')) }, { clock });
    await jobs.schedule({ kind: 'send', key: 'e1', at: 0 });
    let wait = 0;
    for (let i = 0; i < 16; i++) {
      await jobsRunner.runDue();
      const next = (await jobs.nextDue())!;
      wait = next - clock.now();
      clock.set(next);
    }
    expect(wait).toBeGreaterThanOrEqual(HOUR / 2);
    expect(wait).toBeLessThanOrEqual(HOUR);
    expect(failures).toHaveLength(16);
  });

  it('leaves jobs of kinds it has no handler for', async () => {
    const clock = createManualClock(1000);
    await jobs.schedule({ kind: 'elsewhere', key: 'x', at: 0 });
    await runner({ here: async () => {} }, { clock }).runDue();
    expect(await jobs.nextDue()).toBe(0);
  });

  it('runs a job its own handler scheduled again, at the new time', async () => {
    const clock = createManualClock(0);
    const ranAt: number[] = [];
    const jobsRunner = runner(
      {
        async heartbeat(job) {
          ranAt.push(clock.now());
          if (ranAt.length < 3) await jobs.schedule({ kind: job.kind, key: job.key, at: clock.now() + 500 });
        },
      },
      { clock },
    );
    await jobs.schedule({ kind: 'heartbeat', key: 'h', at: 0 });
    for (let i = 0; i < 4; i++) {
      await jobsRunner.runDue();
      clock.advance(500);
    }
    expect(ranAt).toEqual([0, 500, 1000]);
  });

  it('once started, runs what is due at once, then sleeps until the next deadline rather than the whole poll', async () => {
    const ran: string[] = [];
    await jobs.schedule({ kind: 'tick', key: 'now', at: Date.now() });
    await jobs.schedule({ kind: 'tick', key: 'soon', at: Date.now() + 150 });
    runner({ tick: async (job) => void ran.push(job.key) }).start();
    await until(() => ran.length === 1);
    expect(ran).toEqual(['now']);
    await until(() => ran.length === 2);
    expect(ran).toEqual(['now', 'soon']);
  });

  it('wake() runs what was just scheduled without waiting for the poll', async () => {
    const ran: string[] = [];
    const jobsRunner = runner({ tick: async (job) => void ran.push(job.key) });
    jobsRunner.start();
    await new Promise((resolve) => setTimeout(resolve, 20));
    await jobs.schedule({ kind: 'tick', key: 'k', at: Date.now() });
    jobsRunner.wake();
    await until(() => ran.length === 1, 500);
  });

  it('polls for what other nodes scheduled', async () => {
    const ran: string[] = [];
    runner({ tick: async (job) => void ran.push(job.key) }, { pollMs: 50 }).start();
    await new Promise((resolve) => setTimeout(resolve, 20));
    await jobs.schedule({ kind: 'tick', key: 'from another node', at: Date.now() });
    await until(() => ran.length === 1, 1000);
  });

  it('does not spin on a due job that only other runners handle', async () => {
    let claims = 0;
    const counting: Jobs = { ...jobs, claim: (input) => (claims++, jobs.claim(input)) };
    await jobs.schedule({ kind: 'elsewhere', key: 'x', at: 0 });
    runner({ here: async () => {} }, { jobs: counting, pollMs: 50 }).start();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(claims).toBeGreaterThan(0);
    expect(claims).toBeLessThan(10);
  });

  it('stop() waits for running handlers and claims nothing more', async () => {
    let finished = 0;
    let started = 0;
    const jobsRunner = runner({
      async slow() {
        started++;
        await new Promise((resolve) => setTimeout(resolve, 100));
        finished++;
      },
    });
    await jobs.schedule({ kind: 'slow', key: 'k1', at: 0 });
    jobsRunner.start();
    await until(() => started === 1);
    await jobs.schedule({ kind: 'slow', key: 'k2', at: 0 });
    await jobsRunner.stop();
    expect(finished).toBe(1);
    jobsRunner.wake();
    await jobsRunner.runDue();
    expect(started).toBe(1);
    expect(await jobs.nextDue()).toBe(0);
  });

  it('stop() gives up on a handler that hangs after waitMs', async () => {
    let started = false;
    const jobsRunner = runner({
      hangs: () => {
        started = true;
        return new Promise<void>(() => {});
      },
    });
    await jobs.schedule({ kind: 'hangs', key: 'k', at: 0 });
    jobsRunner.start();
    await until(() => started);
    const before = Date.now();
    await jobsRunner.stop(50);
    expect(Date.now() - before).toBeLessThan(1000);
  });
});
