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
  /** Claims nothing more and waits for running handlers, up to waitMs: after the lease another node may run them anyway. */
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
  let round: Promise<void> | null = null;
  /** Set when work was asked for during a round: the round claims once more before it ends. */
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

  async function drain() {
    do {
      again = false;
      while (!stopped) {
        const claimed = await jobs.claim({ node, now: clock.now(), leaseMs, limit: batch, kinds });
        if (claimed.length === 0) break;
        // A failed complete or retry leaves the job leased: it comes back when the lease runs out.
        await Promise.all(claimed.map((job) => run(job).catch((error) => report(error, job))));
      }
    } while (again && !stopped);
  }

  async function sleep() {
    let delay = pollMs;
    try {
      const next = await jobs.nextDue(kinds);
      if (next !== null) delay = Math.min(pollMs, Math.max(0, next - clock.now()));
    } catch (error) {
      report(error);
    }
    // A round may have begun, or the runner stopped, while nextDue was read.
    if (stopped || round) return;
    clearTimeout(timer);
    timer = setTimeout(tick, delay);
    timer.unref();
  }

  function runDue(): Promise<void> {
    if (round) {
      again = true;
      return round;
    }
    round = drain().finally(() => {
      round = null;
      if (started && !stopped) void sleep();
    });
    return round;
  }

  function tick() {
    clearTimeout(timer);
    runDue().catch((error: unknown) => report(error));
  }

  return {
    wake() {
      if (started && !stopped) tick();
    },
    runDue,
    start() {
      if (started) return;
      started = true;
      tick();
    },
    async stop(waitMs = leaseMs) {
      stopped = true;
      clearTimeout(timer);
      let bound: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([round?.catch(() => {}), new Promise((resolve) => (bound = setTimeout(resolve, waitMs)))]);
      clearTimeout(bound);
    },
  };
}
