/**
 * Deadlines and periodic work kept in the database (auto-close, email fallback, outbox delivery,
 * auto-away, status deadlines). A runner claims due jobs with a lease, so two processes never run
 * the same job at once; a job whose runner died is claimed again once its lease ran out.
 * A job is named by (kind, key): scheduling it again moves its deadline instead of adding another.
 */
export interface JobSpec {
  kind: string;
  /** What the job is about, e.g. a conversation id; unique within its kind. */
  key: string;
  /** When it is due, in epoch milliseconds. */
  at: number;
  /** Small JSON-able data the handler needs beyond the key. */
  payload?: unknown;
}

export interface ClaimedJob {
  kind: string;
  key: string;
  at: number;
  payload: unknown;
  /** Claims so far, this one included. */
  attempts: number;
  /** Identifies this claim: complete and retry act only while the claim is still this one. */
  claim: string;
  /** When the lease ends: past it another runner may claim the job, so a handler must be done by then. */
  leaseUntil: number;
}

/** Scheduling, usable inside a store transaction so a deadline is written with what it is about. */
export interface JobSchedule {
  /** Creates the job or moves its deadline (and payload); a job being run keeps running, and runs again at `at` or once that run ended, whichever is later. */
  schedule(job: JobSpec): Promise<void>;
  cancel(kind: string, key: string): Promise<void>;
}

export interface Jobs extends JobSchedule {
  /** Claims up to `limit` jobs due at `now` that no live lease holds, for `leaseMs`, oldest deadline first. */
  claim(input: { node: string; now: number; leaseMs: number; limit: number; kinds?: readonly string[] }): Promise<ClaimedJob[]>;
  /** Done: removed, unless it was scheduled again since the claim (then it stays, due at its new time). */
  complete(job: ClaimedJob): Promise<void>;
  /** Not done: due again at `at`, claim released. */
  retry(job: ClaimedJob, at: number): Promise<void>;
  /**
   * The earliest deadline of any unleased job (of `kinds`, if given), or null when there is none.
   * A runner sleeps until then; `kinds` keeps it from waking at once, forever, for a due job that
   * only other runners handle. Leases that ran out unreleased are not counted: polling finds them.
   */
  nextDue(kinds?: readonly string[]): Promise<number | null>;
}
