/**
 * Delivers the outbox, a few emails at a time, with all its state in the database.
 *
 * What is guaranteed, and what is not:
 * - Nothing is lost. An email is a row before it is a send, and a row leaves the queue only as
 *   'sent' (the transport took it) or 'failed' (a 5xx for the recipient or the message, an
 *   unsubscribed or bounced visitor, or mailMaxAttempts failures: about a day of SMTP outage).
 *   A send error never escapes this module.
 * - One stuck server holds one place, not the outbox: the transport gives up on a server that does
 *   not connect, greet or answer in time, and CONCURRENCY sends run side by side.
 * - Delivery is at least once, and the Message-ID is the idempotency key. The attempt is recorded
 *   ('sending', attempts + 1, sendingUntil) before the send, and 'sent' right after the SMTP 250.
 *   A row marked 'sent' is never sent again. A crash (or a failed write) between the 250 and that
 *   mark leaves the row 'sending'; once its sendingUntil passed, the next drain sends it again with
 *   the SAME Message-ID and the same bytes. Gmail and many mail clients show messages sharing one
 *   as one; a plain MTA may deliver both copies. Until sendingUntil nobody else touches the row, so
 *   a slow send is never doubled by a second drain.
 */
import type { ClaimedEmail } from '../../ports/mail-store.ts';
import type { Context } from '../context.ts';
import { announceEmails, stopMailTo } from './announce.ts';

/** Sends in flight at once: enough that a stalled recipient server does not hold the others up. */
const CONCURRENCY = 4;
const MAX_RETRY_DELAY_MS = 3_600_000;
const SENDING_MARGIN_MS = 1_000;
const MAX_ERROR_LENGTH = 500;

/** Exponential backoff with jitter: base × 2^(attempts-1), capped at an hour, then between half and all of it. */
export function retryDelay(attempts: number, baseMs: number, random = Math.random): number {
  const full = Math.min(baseMs * 2 ** Math.max(0, attempts - 1), MAX_RETRY_DELAY_MS);
  return Math.round(full / 2 + (random() * full) / 2);
}

interface SmtpError {
  message?: string;
  responseCode?: number;
  command?: string;
}

/** Reads a transport error: a 5xx to RCPT TO or DATA will fail again; a 550/551/553 to RCPT TO means the mailbox is gone. */
export function failureOf(error: unknown): { permanent: boolean; bounced: boolean; reason: string } {
  const e = (error ?? {}) as SmtpError;
  const code = e.responseCode ?? 0;
  const forThisEmail = e.command === 'RCPT TO' || e.command === 'DATA';
  return {
    permanent: forThisEmail && code >= 500 && code < 600,
    bounced: e.command === 'RCPT TO' && [550, 551, 553].includes(code),
    reason: String(e.message ?? error).slice(0, MAX_ERROR_LENGTH),
  };
}

export const OUTBOX_JOB = 'mail.outbox';

export interface OutboxWorker {
  /** Sends every due email, CONCURRENCY at a time, and what comes due while any send is under way; a send error never escapes. */
  drain(): Promise<void>;
  /** An email was queued on this node: a lane idle in a running drain takes it now. */
  nudge(): void;
  /** Claims nothing more: the server is stopping. Sends under way finish or time out. */
  stop(): void;
}

export function createOutboxWorker(ctx: Context, options: { envelopeFrom: string; pollMs: number }): OutboxWorker {
  const { store, mailTransport: transport, clock, settings } = ctx;
  let stopped = false;
  /** Settles when a send ended or mail was queued: idle lanes look again then. */
  let fire = () => {};
  let changed = new Promise<void>((resolve) => (fire = resolve));
  const poke = () => {
    const fired = fire;
    changed = new Promise<void>((resolve) => (fire = resolve));
    fired();
  };

  const deliver = async (email: ClaimedEmail) => {
    let error: unknown = null;
    try {
      await transport.send({ from: options.envelopeFrom, to: email.to, messageIdHeader: email.messageIdHeader, raw: email.raw });
    } catch (caught) {
      error = caught ?? new Error('The transport failed without a reason.');
    }
    if (error === null) return announceEmails(ctx, [await store.mail.markEmailSent(email.id, clock.now())]);
    const failure = failureOf(error);
    if (failure.permanent || email.attempts >= settings.mailMaxAttempts) {
      const { change, visitorId } = await store.mail.markEmailFailed(email.id, failure.reason);
      await announceEmails(ctx, [change]);
      if (failure.bounced) await stopMailTo(ctx, visitorId, 'bounced');
      return;
    }
    await announceEmails(ctx, [await store.mail.markEmailRetry(email.id, failure.reason, clock.now() + retryDelay(email.attempts, settings.mailRetryBaseMs))]);
  };

  /** Waits for a poke, or pollMs for a retry coming due. */
  const idle = async () => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([changed, new Promise<void>((resolve) => (timer = setTimeout(resolve, options.pollMs)))]);
    clearTimeout(timer);
  };

  /** The drain under way in this process: a second call (a job whose lease ran out during a long send) joins it, so CONCURRENCY holds per process. */
  let draining: Promise<void> | null = null;

  const drain = async () => {
    const interrupted = await store.mail.requeueInterrupted(clock.now());
    if (interrupted > 0) console.warn(`Outbox: ${interrupted} email(s) were being sent when a server stopped; sending them again under the same Message-ID.`);
    let busy = 0;
    // A lane with nothing to send stays while another sends: mail queued meanwhile must not wait for a stuck send to end.
    const lane = async () => {
      while (!stopped) {
        const now = clock.now();
        // A little beyond the transport's own limit, so a send still under way is never taken for dead.
        const { claimed, failed } = await store.mail.claimDueEmail(now, now + transport.maxSendMs + SENDING_MARGIN_MS);
        await announceEmails(ctx, failed);
        if (claimed) {
          busy++;
          try {
            await deliver(claimed);
          } finally {
            busy--;
            poke();
          }
        } else if (busy === 0) {
          return;
        } else {
          await idle();
        }
      }
    };
    // Every lane finishes its send before a store failure is reported (and the job retried).
    const lanes = await Promise.allSettled(Array.from({ length: CONCURRENCY }, lane));
    const broken = lanes.find((result) => result.status === 'rejected');
    if (broken) throw broken.reason;
  };

  return {
    drain() {
      draining ??= drain().finally(() => (draining = null));
      return draining;
    },
    nudge: poke,
    stop() {
      stopped = true;
      poke();
    },
  };
}
