/**
 * The email fallback as jobs: an agent reply the visitor has not seen books a deadline for its
 * conversation ('mail.fallback'); when it passes and the visitor is gone, the unseen replies become
 * one email, queued in one transaction with the decision; the outbox job ('mail.outbox') delivers.
 */
import type { EmailStatus } from '@parley/protocol';
import type { ClaimedJob } from '../../ports/jobs.ts';
import type { Context } from '../context.ts';
import type { DomainEvent } from '../events.ts';
import { announceEmails, stopMailTo } from './announce.ts';
import { CONTEXT_SIZE, composeFallback, mailSender, UnusableAddressError } from './compose.ts';
import { drainOutbox, OUTBOX_JOB } from './outbox-worker.ts';
import { visitorOfUnsubscribeToken } from './unsubscribe.ts';

export const FALLBACK_JOB = 'mail.fallback';
/** How often the outbox looks for due retries when nothing wakes it. */
const OUTBOX_POLL_MS = 5_000;

export type Mail = ReturnType<typeof createMail>;

export function createMail(ctx: Context, options: { outboxPollMs?: number } = {}) {
  const { store, presence, clock, jobs, settings, startedAt } = ctx;
  const sender = mailSender(settings, ctx.secret);
  const pollMs = options.outboxPollMs ?? OUTBOX_POLL_MS;
  const online = async (visitorId: string) => (await presence.count('visitor', visitorId)) > 0;

  const fallbackAt = (conversationId: string, at: number) => jobs.schedule({ kind: FALLBACK_JOB, key: conversationId, at, keepEarlier: true });
  const wakeOutbox = () => jobs.schedule({ kind: OUTBOX_JOB, key: 'outbox', at: clock.now() });

  /** Books deadlines from what happens: a reply not seen yet, a visitor who left with replies unseen. */
  const listen = async (event: DomainEvent) => {
    if (event.type === 'message' && event.message.author === 'agent') {
      await fallbackAt(event.conversation.id, event.message.at + event.site.settings.emailDelay * 1000);
    } else if (event.type === 'visitorLeft') {
      const conversation = await store.conversations.ofVisitor(event.visitorId);
      if (conversation) await fallbackAt(conversation.id, clock.now());
    }
  };

  const queue = async (conversationId: string, visitorId: string) => {
    const now = clock.now();
    const draft = await store.mail.fallbackDraft(conversationId, CONTEXT_SIZE);
    if (!draft) return;
    const email = await composeFallback(draft, sender, now).catch(async (error: unknown) => {
      if (!(error instanceof UnusableAddressError)) throw error;
      // An address no envelope can hold never takes mail: treated as bounced, so it is not tried again.
      await stopMailTo(ctx, visitorId, 'bounced');
      return null;
    });
    // Building took a moment: the visitor may be back.
    if (!email || (await online(visitorId))) return;
    const change = await store.mail.queueFallback(draft, email, now);
    if (!change) return;
    await announceEmails(ctx, [change]);
    await wakeOutbox();
  };

  return {
    listen,

    /** After a start: every conversation with unseen replies gets its deadline (one booked before a crash may be lost). */
    async start() {
      for (const candidate of await store.mail.fallbackCandidates()) {
        await fallbackAt(candidate.conversationId, candidate.oldestUnseenAt + candidate.siteSettings.emailDelay * 1000);
      }
      await wakeOutbox();
    },

    async fallbackJob(job: ClaimedJob) {
      const [candidate] = await store.mail.fallbackCandidates(job.key);
      if (!candidate) return;
      const now = clock.now();
      // Right after a start, widgets are still reconnecting: nobody counts as gone yet.
      const due = Math.max(candidate.oldestUnseenAt + candidate.siteSettings.emailDelay * 1000, startedAt + settings.reconnectGraceMs);
      // Not keepEarlier: the earlier deadline is this run's own, already past, and keeping it would
      // hand the job straight back to the runner, claim after claim, starving the event loop until due.
      if (due > now) return jobs.schedule({ kind: FALLBACK_JOB, key: job.key, at: due });
      // Online: the visitor will see the replies, and leaving books this job again.
      if (await online(candidate.visitorId)) return;
      await queue(candidate.conversationId, candidate.visitorId);
    },

    async outboxJob() {
      await drainOutbox(ctx, sender.address);
      await jobs.schedule({ kind: OUTBOX_JOB, key: 'outbox', at: clock.now() + pollMs });
    },

    /** Admins' Sent mail, newest first. */
    async sentMail(limit: number) {
      return (await store.mail.listOutbox(limit)).map(({ messageIdHeader, ...item }) => ({ ...item, file: ctx.mailTransport.fileOf(messageIdHeader) }));
    },

    continueTarget: (tokenHash: string) => store.mail.continueTarget(tokenHash, clock.now()),

    /** An unsubscribe link or mailto: false when this server did not sign the token. */
    async unsubscribe(token: string, reason: Exclude<EmailStatus, 'ok'> = 'unsubscribed') {
      const visitorId = visitorOfUnsubscribeToken(token, ctx.secret);
      if (!visitorId) return false;
      await stopMailTo(ctx, visitorId, reason);
      return true;
    },
  };
}
