/** Runs due jobs: claims them under a lease, runs each kind's handler, and retries failures later. */
import type { Clock } from '../ports/clock.ts';
import type { ClaimedJob, Jobs } from '../ports/jobs.ts';

export type JobHandler = (job: ClaimedJob) => Promise<void>;

export interface JobRunnerOptions {
  jobs: Jobs;
  clock: Clock;
  /** This process, as leases name it. */
  node: string;
  /** What to do for each kind; jobs of other kinds are left to other runners. */
  handlers: Readonly<Record<string, JobHandler>>;
  /** How long a claim holds a job: a handler must be done well within it. */
  leaseMs: number;
  /** The longest sleep between rounds: how soon jobs other nodes scheduled are found. */
  pollMs: number;
  /** Jobs claimed, and run side by side, per batch. */
  batch: number;
  /** Hears what handlers threw (with the job) and rounds that failed; console.error by default. */
  report?: (error: unknown, job?: ClaimedJob) => void;
}

export interface JobRunner {
  /** Runs due work now rather than at the next poll, once started: call after scheduling on this node. */
  wake(): void;
  /** Claims and runs everything due now, batch after batch; resolves when all of it is done. */
  runDue(): Promise<void>;
  /** Runs rounds until stop(): each sleeps until the next deadline, or pollMs at most. */
  start(): void;
  /** Claims nothing more and waits for running handlers, up to waitMs; those still running are handed back, due now. */
  stop(waitMs?: number): Promise<void>;
}

// Retries wait 1 s, 2 s, 4 s … up to an hour, each cut by up to half at random, so that jobs
// which failed together (the mail server was down) do not all retry at the same moment.
const RETRY_FIRST_MS = 1000;
const RETRY_MAX_MS = 60 * 60_000;

// In whole milliseconds, like every time the ports take.
const retryDelay = (attempts: number) => Math.round(Math.min(RETRY_MAX_MS, RETRY_FIRST_MS * 2 ** (attempts - 1)) * (1 - Math.random() / 2));

function reportToConsole(error: unknown, job?: ClaimedJob) {
  if (job) console.error(`Jobs: ${job.kind} ${job.key} failed (attempt ${job.attempts}); it will be retried:`, error);
  else console.error('Jobs: this round failed:', error);
}

export function createJobRunner(options: JobRunnerOptions): JobRunner {
  const { jobs, clock, node, handlers, leaseMs, pollMs, batch, report = reportToConsole } = options;
  const kinds = Object.keys(handlers);
  /** Jobs running now, at most `batch`: one slow job (a stalled SMTP send) takes one place, not the runner. */
  const running = new Map<ClaimedJob, Promise<void>>();
  let pumping: Promise<void> | null = null;
  /** Counts finished runs, so runDue() knows whether another claim could find more. */
  let finished = 0;
  /** Set when work was asked for during a pump: the pump claims once more before it ends. */
  let again = false;
  let started = false;
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;

  async function run(job: ClaimedJob) {
    try {
      // Claims ask only for kinds that have a handler.
      await handlers[job.kind]!(job);
    } catch (error) {
      report(error, job);
      await jobs.retry(job, clock.now() + retryDelay(job.attempts));
      return;
    }
    await jobs.complete(job);
  }

  /** Claims due jobs while there is room and starts them; does not wait for them. */
  async function fill() {
    do {
      again = false;
      while (!stopped && running.size < batch) {
        const claimed = await jobs.claim({ node, now: clock.now(), leaseMs, limit: batch - running.size, kinds });
        if (claimed.length === 0) break;
        for (const job of claimed) {
          // A failed complete or retry leaves the job leased: it comes back when the lease runs out.
          const done = run(job)
            .catch((error) => report(error, job))
            .finally(() => {
              running.delete(job);
              finished++;
              // A place came free, and the job may have booked its own next run.
              if (started && !stopped) pump();
            });
          running.set(job, done);
        }
      }
    } while (again && !stopped);
  }

  function pump(): Promise<void> {
    if (pumping) {
      again = true;
      return pumping;
    }
    pumping = fill()
      .catch((error: unknown) => report(error))
      .finally(() => {
        pumping = null;
        if (started && !stopped) void sleep();
      });
    return pumping;
  }

  async function sleep() {
    let delay = pollMs;
    try {
      const next = await jobs.nextDue(kinds);
      if (next !== null) delay = Math.min(pollMs, Math.max(0, next - clock.now()));
    } catch (error) {
      report(error);
    }
    // A pump may have begun, or the runner stopped, while nextDue was read.
    if (stopped || pumping) return;
    clearTimeout(timer);
    timer = setTimeout(() => void pump(), delay);
    timer.unref();
  }

  return {
    wake() {
      if (started && !stopped) void pump();
    },
    async runDue() {
      let seen = -1;
      while (seen !== finished) {
        seen = finished;
        await pump();
        while (running.size > 0) await Promise.race(running.values());
      }
    },
    start() {
      if (started) return;
      started = true;
      void pump();
    },
    async stop(waitMs = leaseMs) {
      stopped = true;
      clearTimeout(timer);
      let bound: ReturnType<typeof setTimeout> | undefined;
      const settled = Promise.all([pumping, ...running.values()]).then(() => true);
      const waited = await Promise.race([settled, new Promise<false>((resolve) => (bound = setTimeout(() => resolve(false), waitMs)))]);
      clearTimeout(bound);
      if (waited) return;
      // Still running after the wait: hand them back now, so the next start need not wait out the lease.
      await Promise.all([...running.keys()].map((job) => jobs.retry(job, clock.now()).catch((error) => report(error, job))));
    },
  };
}
