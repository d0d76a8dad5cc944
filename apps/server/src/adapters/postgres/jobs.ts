/**
 * The Jobs port on PostgreSQL, every call one or two statements on the pool (no transaction held
 * open). scheduleJob and cancelJob run on the handle given, so they join the caller's
 * transaction. A claim is one statement: the due rows are locked FOR UPDATE SKIP LOCKED
 * and leased in the same UPDATE, so runners on several nodes claiming at once each get other jobs,
 * never the same one, and never wait on each other.
 */
import { and, asc, eq, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import { nanoid } from 'nanoid';
import type { ClaimedJob, JobSpec, Jobs } from '../../ports/jobs.ts';
import type { Db } from './db.ts';
import { jobs } from './schema.ts';

const named = (kind: string, key: string) => and(eq(jobs.kind, kind), eq(jobs.key, key));
const ofKinds = (kinds: readonly string[] | undefined) => (kinds ? inArray(jobs.kind, [...kinds]) : undefined);

/** Creates the job or moves its deadline, inside whatever transaction `db` is in. */
export async function scheduleJob(db: Db, spec: JobSpec): Promise<void> {
  const payload = spec.payload ?? null;
  await db
    .insert(jobs)
    .values({ kind: spec.kind, key: spec.key, runAt: spec.at, payload })
    .onConflictDoUpdate({
      target: [jobs.kind, jobs.key],
      // As on SQLite: the lease stays, and clearing the claim tells the run under way to leave the row.
      set: { runAt: spec.keepEarlier ? sql`least(${jobs.runAt}, ${spec.at}::bigint)` : spec.at, payload, attempts: 0, claim: null },
    });
}

export async function cancelJob(db: Db, kind: string, key: string): Promise<void> {
  await db.delete(jobs).where(named(kind, key));
}

export function createPostgresJobs(db: Db): Jobs {
  /**
   * Scheduled again during this claim: end its lease so the new deadline counts (see sqlite/jobs.ts).
   * A statement of its own after the one that found the claim gone: what it matches (no claim, this
   * lease) stays true until someone claims the job again, and then it matches nothing.
   */
  const release = (job: ClaimedJob) =>
    db
      .update(jobs)
      .set({ leaseOwner: null, leaseUntil: null })
      .where(and(named(job.kind, job.key), isNull(jobs.claim), eq(jobs.leaseUntil, job.leaseUntil)));

  return {
    schedule: (spec) => scheduleJob(db, spec),
    cancel: (kind, key) => cancelJob(db, kind, key),

    async claim({ node, now, leaseMs, limit, kinds }) {
      const due = db
        .select({ kind: jobs.kind, key: jobs.key })
        .from(jobs)
        .where(and(lte(jobs.runAt, now), or(isNull(jobs.leaseUntil), lte(jobs.leaseUntil, now)), ofKinds(kinds)))
        .orderBy(asc(jobs.runAt))
        .limit(limit)
        .for('update', { skipLocked: true });
      const claim = nanoid();
      const leaseUntil = now + leaseMs;
      const rows = await db
        .update(jobs)
        .set({ leaseOwner: node, leaseUntil, claim, attempts: sql`${jobs.attempts} + 1` })
        .where(sql`(${jobs.kind}, ${jobs.key}) in ${due}`)
        .returning();
      return rows
        .map((row) => ({ kind: row.kind, key: row.key, at: row.runAt, payload: row.payload, attempts: row.attempts, claim, leaseUntil }))
        .sort((a, b) => a.at - b.at);
    },

    async complete(job) {
      const deleted = await db.delete(jobs).where(and(named(job.kind, job.key), eq(jobs.claim, job.claim))).returning({ key: jobs.key });
      if (deleted.length === 0) await release(job);
    },

    async retry(job, at) {
      const moved = await db
        .update(jobs)
        .set({ runAt: at, leaseOwner: null, leaseUntil: null, claim: null })
        .where(and(named(job.kind, job.key), eq(jobs.claim, job.claim)))
        .returning({ key: jobs.key });
      // Scheduled again meanwhile: the new deadline wins over the retry's.
      if (moved.length === 0) await release(job);
    },

    async nextDue(kinds) {
      const [next] = await db
        .select({ at: jobs.runAt })
        .from(jobs)
        .where(and(isNull(jobs.leaseUntil), ofKinds(kinds)))
        .orderBy(asc(jobs.runAt))
        .limit(1);
      return next?.at ?? null;
    },
  };
}
