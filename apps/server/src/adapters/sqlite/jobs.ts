/**
 * The Jobs port on SQLite. Every statement goes through the handle given, so scheduleJob and
 * cancelJob join the caller's transaction; claims run in one write transaction (BEGIN IMMEDIATE
 * under the store's lock), which SQLite serializes across connections and processes alike.
 */
import { and, asc, eq, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import { nanoid } from 'nanoid';
import type { ClaimedJob, JobSpec, Jobs } from '../../ports/jobs.ts';
import type { Db } from './db.ts';
import { jobs } from './schema.ts';

const named = (kind: string, key: string) => and(eq(jobs.kind, kind), eq(jobs.key, key));
const ofKinds = (kinds: readonly string[] | undefined) => (kinds ? inArray(jobs.kind, [...kinds]) : undefined);

/** Creates the job or moves its deadline, inside whatever transaction `db` is in. */
export function scheduleJob(db: Db, spec: JobSpec): void {
  const payload = spec.payload ?? null;
  db.insert(jobs)
    .values({ kind: spec.kind, key: spec.key, runAt: spec.at, payload })
    .onConflictDoUpdate({
      target: [jobs.kind, jobs.key],
      // The lease stays, so nobody runs the job while a run is under way; clearing the claim
      // tells that run's complete() to leave the row in place, due at its new time.
      set: { runAt: spec.at, payload, attempts: 0, claim: null },
    })
    .run();
}

export function cancelJob(db: Db, kind: string, key: string): void {
  db.delete(jobs).where(named(kind, key)).run();
}

/** `exclusive` runs its function in one write transaction under the store's lock. */
export function createSqliteJobs(db: Db, exclusive: <T>(fn: () => T) => Promise<T>): Jobs {
  /**
   * The job was scheduled again during this claim: end the claim's lease so the new deadline
   * counts. A lease that ran out and was claimed again has a new claim, and is left alone.
   */
  const release = (job: ClaimedJob) =>
    db
      .update(jobs)
      .set({ leaseOwner: null, leaseUntil: null })
      .where(and(named(job.kind, job.key), isNull(jobs.claim), eq(jobs.leaseUntil, job.leaseUntil)))
      .run();

  return {
    schedule: (spec) => exclusive(() => scheduleJob(db, spec)),
    cancel: (kind, key) => exclusive(() => cancelJob(db, kind, key)),

    claim({ node, now, leaseMs, limit, kinds }) {
      return exclusive(() => {
        const due = db
          .select({ kind: jobs.kind, key: jobs.key })
          .from(jobs)
          .where(and(lte(jobs.runAt, now), or(isNull(jobs.leaseUntil), lte(jobs.leaseUntil, now)), ofKinds(kinds)))
          .orderBy(asc(jobs.runAt))
          .limit(limit);
        // One id for the batch: a claim is matched together with its job's kind and key.
        const claim = nanoid();
        const leaseUntil = now + leaseMs;
        const rows = db
          .update(jobs)
          .set({ leaseOwner: node, leaseUntil, claim, attempts: sql`${jobs.attempts} + 1` })
          .where(sql`(${jobs.kind}, ${jobs.key}) in ${due}`)
          .returning()
          .all();
        return rows
          .map((row) => ({ kind: row.kind, key: row.key, at: row.runAt, payload: row.payload, attempts: row.attempts, claim, leaseUntil }))
          .sort((a, b) => a.at - b.at);
      });
    },

    complete(job) {
      return exclusive(() => {
        const { changes } = db.delete(jobs).where(and(named(job.kind, job.key), eq(jobs.claim, job.claim))).run();
        if (changes === 0) release(job);
      });
    },

    retry(job, at) {
      return exclusive(() => {
        const { changes } = db
          .update(jobs)
          .set({ runAt: at, leaseOwner: null, leaseUntil: null, claim: null })
          .where(and(named(job.kind, job.key), eq(jobs.claim, job.claim)))
          .run();
        // Scheduled again meanwhile: the new deadline wins over the retry's.
        if (changes === 0) release(job);
      });
    },

    async nextDue(kinds) {
      const next = db
        .select({ at: jobs.runAt })
        .from(jobs)
        .where(and(isNull(jobs.leaseUntil), ofKinds(kinds)))
        .orderBy(asc(jobs.runAt))
        .limit(1)
        .get();
      return next?.at ?? null;
    },
  };
}
