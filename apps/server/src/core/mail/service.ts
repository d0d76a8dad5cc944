/**
 * The email fallback as jobs: an agent reply the visitor has not seen books a deadline for its
 * conversation ('mail.fallback'); when it passes and the visitor is gone, the unseen replies become
 * one email, queued in one transaction with the decision; the outbox job ('mail.outbox') delivers.
 *
 * Mail carries a visitor's words only to an address known to be theirs: one identify vouched for
 * with a valid HMAC, or one whose owner confirmed it. An address the visitor typed first gets a
 * confirmation request with the shop's words only; what comes after it is held until the owner
 * confirms (and then goes, recap included), so a stranger cannot use the chat to mail anyone.
 */
import type { EmailStatus } from '@parley/protocol';
import type { ClaimedJob } from '../../ports/jobs.ts';
import type { Context } from '../context.ts';
import type { DomainEvent } from '../events.ts';
import { announceEmails, stopMailTo } from './announce.ts';
import { CONTEXT_SIZE, CONTINUE_LINK_MS, composeFallback, mailSender, UnusableAddressError } from './compose.ts';
import type { QueueMode } from '../../ports/mail-store.ts';
import { createOutboxWorker, OUTBOX_JOB } from './outbox-worker.ts';
import { confirmTokenFits, visitorOfConfirmToken } from './confirm.ts';
import { visitorOfUnsubscribeToken } from './unsubscribe.ts';

export const FALLBACK_JOB = 'mail.fallback';
/** An agent wrote first to a customer who is not online: their email goes now, not after the site's emailDelay. */
export const PROMPT_FALLBACK_JOB = 'mail.fallback.prompt';
/** How often the outbox looks for due retries when nothing wakes it. */
const OUTBOX_POLL_MS = 5_000;

export type Mail = ReturnType<typeof createMail>;

export function createMail(ctx: Context, options: { outboxPollMs?: number } = {}) {
  const { store, presence, clock, jobs, settings, startedAt } = ctx;
  const sender = mailSender(settings, ctx.secret);
  const pollMs = options.outboxPollMs ?? OUTBOX_POLL_MS;
  const worker = createOutboxWorker(ctx, { envelopeFrom: sender.address, pollMs });
  const online = async (visitorId: string) => (await presence.count('visitor', visitorId)) > 0;

  const fallbackAt = (conversationId: string, at: number) => jobs.schedule({ kind: FALLBACK_JOB, key: conversationId, at, keepEarlier: true });
  const wakeOutbox = async () => {
    worker.nudge();
    await jobs.schedule({ kind: OUTBOX_JOB, key: 'outbox', at: clock.now() });
  };

  /** Books deadlines from what happens: a reply not seen yet, a visitor who left with replies unseen. */
  const listen = async (event: DomainEvent) => {
    if (event.type === 'message' && event.message.author === 'agent') {
      await fallbackAt(event.conversation.id, event.message.at + event.site.settings.emailDelay * 1000);
    } else if (event.type === 'visitorLeft') {
      const conversation = await store.conversations.ofVisitor(event.visitorId);
      if (conversation) await fallbackAt(conversation.id, clock.now());
    } else if (event.type === 'contact' && event.emailVouched && event.email) {
      await confirmAddress(event.visitorId, event.email);
    }
  };

  const confirmAddress = async (visitorId: string, address: string) => {
    const now = clock.now();
    const released = await store.mail.confirmAddress(visitorId, address, now, now + CONTINUE_LINK_MS);
    await announceEmails(ctx, released);
    if (released.length > 0) await wakeOutbox();
  };

  /** The visitor and address a confirm link was signed for, while that is still the visitor's address. */
  const confirmTarget = async (token: string) => {
    const visitorId = visitorOfConfirmToken(token);
    const visitor = visitorId ? await store.visitors.byId(visitorId) : null;
    if (!visitor?.email || !confirmTokenFits(token, visitor.id, visitor.email, ctx.secret)) return null;
    return { visitorId: visitor.id, address: visitor.email };
  };

  /** Whether this email may carry the visitor's words, must ask for confirmation first, or must wait for it. */
  const modeFor = async (visitorId: string, address: string): Promise<QueueMode> => {
    const state = await store.mail.addressState(visitorId, address);
    return state === 'confirmed' ? 'send' : state === 'requested' ? 'hold' : 'confirm';
  };

  const queue = async (conversationId: string, visitorId: string) => {
    const now = clock.now();
    const draft = await store.mail.fallbackDraft(conversationId, CONTEXT_SIZE);
    if (!draft) return;
    const mode = await modeFor(visitorId, draft.to.address);
    const email = await composeFallback(draft, sender, now, mode === 'confirm' ? 'confirmation' : 'fallback').catch(async (error: unknown) => {
      if (!(error instanceof UnusableAddressError)) throw error;
      // An address no envelope can hold never takes mail: treated as bounced, so it is not tried again.
      await stopMailTo(ctx, visitorId, 'bounced');
      return null;
    });
    // Building took a moment: the visitor may be back.
    if (!email || (await online(visitorId))) return;
    const change = await store.mail.queueFallback(draft, email, now, mode);
    if (!change) return;
    await announceEmails(ctx, [change]);
    if (mode !== 'hold') await wakeOutbox();
  };

  /** `delayed`: the site's emailDelay counts from the oldest unseen reply; false: an agent wrote first to a customer not online, who is mailed now. */
  const fallback = async (job: ClaimedJob, delayed: boolean) => {
    const [candidate] = await store.mail.fallbackCandidates(job.key);
    if (!candidate) return;
    const now = clock.now();
    // Right after a start, widgets are still reconnecting: nobody counts as gone yet.
    const due = Math.max(delayed ? candidate.oldestUnseenAt + candidate.siteSettings.emailDelay * 1000 : 0, startedAt + settings.reconnectGraceMs);
    // Not keepEarlier: the earlier deadline is this run's own, already past, and keeping it would
    // hand the job straight back to the runner, claim after claim, starving the event loop until due.
    if (due > now) return jobs.schedule({ kind: job.kind, key: job.key, at: due });
    // Online: the visitor will see the replies, and leaving books this job again.
    if (await online(candidate.visitorId)) return;
    await queue(candidate.conversationId, candidate.visitorId);
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

    fallbackJob: (job: ClaimedJob) => fallback(job, true),

    promptFallbackJob: (job: ClaimedJob) => fallback(job, false),

    /** The server is stopping: the outbox claims nothing more. */
    stop: () => worker.stop(),

    async outboxJob() {
      await worker.drain();
      await jobs.schedule({ kind: OUTBOX_JOB, key: 'outbox', at: clock.now() + pollMs });
    },

    /** Admins' Sent mail, newest first. */
    async sentMail(limit: number) {
      return (await store.mail.listOutbox(limit)).map(({ messageIdHeader, ...item }) => ({ ...item, file: ctx.mailTransport.fileOf(messageIdHeader) }));
    },

    continueTarget: (tokenHash: string) => store.mail.continueTarget(tokenHash, clock.now()),

    /** A confirm link: false when this server did not sign it for the visitor's current address. */
    async confirm(token: string) {
      const target = await confirmTarget(token);
      if (target) await confirmAddress(target.visitorId, target.address);
      return target !== null;
    },

    /** Whether a confirm link would work: its page asks before confirming, so a link scanner's GET confirms nothing. */
    confirmable: async (token: string) => (await confirmTarget(token)) !== null,

    /** An unsubscribe link or mailto: false when this server did not sign the token. */
    async unsubscribe(token: string, reason: Exclude<EmailStatus, 'ok'> = 'unsubscribed') {
      const visitorId = visitorOfUnsubscribeToken(token, ctx.secret);
      if (!visitorId) return false;
      await stopMailTo(ctx, visitorId, reason);
      return true;
    },
  };
}
