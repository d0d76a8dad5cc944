/**
 * How long a waiting customer has waited, as a stored status: one deadline job per conversation
 * raises it to soon, then overdue, at the site's thresholds; an agent's answer resets it in the
 * statement that stores the answer.
 */
import { nextUrgencyAt, urgencyAt } from '@parley/protocol';
import type { ClaimedJob } from '../ports/jobs.ts';
import type { Conversation, Site, StoreTx } from '../ports/store.ts';
import type { Context } from './context.ts';

export const URGENCY_JOB = 'conversation.urgency';

/**
 * In the transaction of a visitor message: books the wait's first deadline when the message
 * started a wait (`before` is the conversation as it was); whether it did, so the caller wakes the
 * job runner after the commit. Later messages of the same wait book nothing.
 */
export async function scheduleUrgency(tx: StoreTx, site: Site, before: Conversation, after: Conversation): Promise<boolean> {
  if (after.waitingSince === null || after.waitingSince === before.waitingSince) return false;
  const at = nextUrgencyAt(after.waitingSince, site.settings, after.waitingSince - 1);
  if (at === null) return false;
  await tx.jobs.schedule({ kind: URGENCY_JOB, key: after.id, at });
  return true;
}

/** An answer or a close: the wait's deadline has nothing left to do (its handler would find that out too). */
export const cancelUrgency = (tx: StoreTx, conversationId: string) => tx.jobs.cancel(URGENCY_JOB, conversationId);

export type UrgencyJobs = ReturnType<typeof createUrgency>;

export function createUrgency(ctx: Context) {
  const { store, dispatch, clock } = ctx;

  return {
    /**
     * The deadline: sets the urgency the current wait has reached by now and books the next mark.
     * It reads the wait afresh, so a job left over from an answered or restarted wait does nothing.
     */
    async urgencyJob(job: ClaimedJob) {
      const conversation = await store.conversations.byId(job.key);
      const site = conversation ? await store.sites.byId(conversation.siteId) : null;
      if (!conversation || !site || conversation.status !== 'open' || conversation.waitingSince === null) return;
      const { waitingSince } = conversation;
      const now = clock.now();
      const urgency = urgencyAt(waitingSince, site.settings, now);
      const next = nextUrgencyAt(waitingSince, site.settings, now);
      if (next !== null) await ctx.jobs.schedule({ kind: URGENCY_JOB, key: conversation.id, at: next });
      if (!(await store.conversations.setUrgency(conversation.id, waitingSince, urgency))) return;
      await dispatch.emit([
        { type: 'urgency', conversationId: conversation.id, site, urgency, waitingSince },
        { type: 'conversation', conversationId: conversation.id, site },
      ]);
    },

    /** When a site's soonAfter or overdueAfter changes: every open wait is measured again now. */
    async scheduleSite(site: Site) {
      const ids = await store.conversations.waiting(site.id);
      const at = clock.now();
      await store.transaction(async (tx) => {
        for (const id of ids) await tx.jobs.schedule({ kind: URGENCY_JOB, key: id, at });
      });
      ctx.wakeJobs();
    },
  };
}
