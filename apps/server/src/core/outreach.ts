/**
 * Writing to a customer first, now or at a set time. A scheduled message is a pending record and
 * a deadline job ('outreach.send') booked in one transaction; at its time the job sends it as an
 * agent's first message (messages.writeFirst) in the same transaction that marks it sent, so it
 * goes once however many nodes run jobs, and a cancel that won the race leaves nothing to send.
 */
import { MAX_SCHEDULE_AHEAD_MS, type OutreachResult, type PendingMessage } from '@parley/protocol';
import type { ClaimedJob } from '../ports/jobs.ts';
import type { PendingMessageRecord } from '../ports/outreach-store.ts';
import type { Agent, StoreTx } from '../ports/store.ts';
import { visibleVisitor } from './access.ts';
import type { Context } from './context.ts';
import { AppError } from './errors.ts';
import { type Messages, mayMail } from './messages.ts';
import { displayName } from './views.ts';

export const OUTREACH_JOB = 'outreach.send';
/** The "Pending messages" list shows this many, soonest first. */
const LIST_LIMIT = 200;

export function createOutreach(ctx: Context, messages: Messages) {
  const { store, clock } = ctx;

  const views = async (records: readonly PendingMessageRecord[]): Promise<PendingMessage[]> => {
    const visitors = new Map((await store.visitors.byIds([...new Set(records.map((r) => r.visitorId))])).map((v) => [v.id, v]));
    const agents = new Map((await store.agents.list()).map((a) => [a.id, a.name]));
    return records.map(({ id, visitorId, text, sendAt, agentId, status, createdAt }) => {
      const visitor = visitors.get(visitorId);
      return { id, visitorId, visitorName: visitor ? displayName(visitor) : 'Unknown customer', text, sendAt, agentId, agentName: agentId ? (agents.get(agentId) ?? null) : null, status, createdAt };
    });
  };

  const schedule = async (agent: Agent, visitorId: string, text: string, sendAt: number): Promise<PendingMessage> => {
    const { visitor, site } = await visibleVisitor(store, agent, visitorId);
    const now = clock.now();
    if (sendAt <= now) throw new AppError('bad_request', 'Pick a time in the future to schedule a message, or send it now.');
    if (sendAt > now + MAX_SCHEDULE_AHEAD_MS) throw new AppError('bad_request', 'A message can be scheduled at most a year ahead.');
    // Who is online at its time is not known now: email is the way it is sure to reach them.
    if (!mayMail(visitor)) throw new AppError('conflict', `${displayName(visitor)} has no email address we may write to (none given, or it bounced or unsubscribed): a scheduled message could not reach them if they are not online then.`);
    const record = await store.transaction(async (tx) => {
      const added = await tx.pendingMessages.add({ siteId: site.id, visitorId, agentId: agent.id, text, sendAt, createdAt: now });
      await tx.jobs.schedule({ kind: OUTREACH_JOB, key: added.id, at: sendAt });
      return added;
    });
    ctx.wakeJobs();
    return (await views([record]))[0]!;
  };

  return {
    /** Now (the widget if the customer is online, else email), or scheduled for `sendAt`. */
    async write(agent: Agent, visitorId: string, input: { clientId: string; text: string; sendAt?: number }): Promise<OutreachResult> {
      if (input.sendAt !== undefined) return { pending: await schedule(agent, visitorId, input.text, input.sendAt) };
      const sent = (await messages.writeFirst(agent, { visitorId, clientId: input.clientId, text: input.text }))!;
      return { sent: { conversationId: sent.message.conversationId, messageId: sent.message.id, seq: sent.message.seq, by: sent.by } };
    },

    /** The agent's pending messages; an admin's list has everyone's. */
    pending: async (agent: Agent) => views(await store.pendingMessages.pending(agent.role === 'admin' ? null : agent.id, LIST_LIMIT)),

    /** Only its author or an admin may; one already sent or cancelled cannot be. */
    async cancel(agent: Agent, id: string): Promise<PendingMessage> {
      const cancelled = await store.transaction(async (tx) => {
        const done = await tx.pendingMessages.finish(id, 'cancelled', clock.now(), agent.role === 'admin' ? undefined : agent.id);
        if (done) await tx.jobs.cancel(OUTREACH_JOB, id);
        return done;
      });
      if (cancelled) return (await views([cancelled]))[0]!;
      const record = await store.pendingMessages.byId(id);
      if (!record || (agent.role !== 'admin' && record.agentId !== agent.id)) throw new AppError('not_found', `No pending message of yours has the id ${id}.`);
      throw new AppError('conflict', record.status === 'sent' ? 'That message was sent already.' : 'That message was cancelled already.');
    },

    /**
     * Its time came. Sent as its author wrote it, by their rights now: an author deleted, disabled or
     * no longer seeing the customer's site sends nothing, and the message is marked cancelled.
     */
    async sendJob(job: ClaimedJob) {
      const record = await store.pendingMessages.byId(job.key);
      if (record?.status !== 'pending') return;
      const author = record.agentId ? await store.agents.byId(record.agentId) : null;
      const take = (tx: StoreTx) => tx.pendingMessages.finish(record.id, 'sent', clock.now()).then((taken) => taken !== null);
      try {
        if (!author || author.disabledAt !== null) throw new AppError('not_found', 'The author is gone.');
        await messages.writeFirst(author, { visitorId: record.visitorId, clientId: `scheduled-${record.id}`, text: record.text }, take);
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        // Not sendable now, nor later (no author, no way to reach the customer): it is let go, not retried.
        await store.pendingMessages.finish(record.id, 'cancelled', clock.now());
        console.error(`A scheduled message (${record.id}) was not sent: ${error.message}`);
      }
    },
  };
}
