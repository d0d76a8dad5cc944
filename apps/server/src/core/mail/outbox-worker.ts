/**
 * Delivers the outbox, one email at a time, with all its state in the database.
 *
 * What is guaranteed, and what is not:
 * - Nothing is lost. An email is a row before it is a send, and a row leaves the queue only as
 *   'sent' (the transport took it) or 'failed' (a 5xx for the recipient or the message, an
 *   unsubscribed or bounced visitor, or MAX_ATTEMPTS failures: about a day of SMTP outage).
 *   A send error never escapes this module.
 * - The attempt is recorded ('sending', attempts + 1) before the send, and 'sent' is written by a
 *   synchronous SQLite statement in the same turn of the event loop the send resolves in. The only
 *   window left is between the SMTP server's 250 and that write (microseconds, but real): a crash
 *   there leaves the row 'sending', and the next start sends it again, with the SAME Message-ID and
 *   the same bytes. So delivery is at least once, and the Message-ID is the idempotency key: Gmail
 *   and many mail clients show messages sharing one as one. A plain MTA may deliver both copies.
 */
import type { ClaimedEmail } from '../../ports/mail-store.ts';
import type { Context } from '../context.ts';
import { announceEmails, stopMailTo } from './announce.ts';

const MAX_ATTEMPTS = 30;
const MAX_RETRY_DELAY_MS = 3_600_000;
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

/** Sends every due email, one at a time; a send error never escapes. */
export async function drainOutbox(ctx: Context, envelopeFrom: string): Promise<void> {
  const { store, mailTransport: transport, clock, settings } = ctx;
  // This drain holds the job's lease: a row still 'sending' was left by a drain that died.
  const interrupted = await store.mail.requeueInterrupted(clock.now());
  if (interrupted > 0) console.warn(`Outbox: ${interrupted} email(s) were being sent when a server stopped; sending them again under the same Message-ID.`);

  const deliver = async (email: ClaimedEmail) => {
    let error: unknown = null;
    try {
      await transport.send({ from: envelopeFrom, to: email.to, messageIdHeader: email.messageIdHeader, raw: email.raw });
    } catch (caught) {
      error = caught ?? new Error('The transport failed without a reason.');
    }
    if (error === null) return announceEmails(ctx, [await store.mail.markEmailSent(email.id, clock.now())]);
    const failure = failureOf(error);
    if (failure.permanent || email.attempts >= MAX_ATTEMPTS) {
      const { change, visitorId } = await store.mail.markEmailFailed(email.id, failure.reason);
      await announceEmails(ctx, [change]);
      if (failure.bounced) await stopMailTo(ctx, visitorId, 'bounced');
      return;
    }
    await announceEmails(ctx, [await store.mail.markEmailRetry(email.id, failure.reason, clock.now() + retryDelay(email.attempts, settings.mailRetryBaseMs))]);
  };

  for (;;) {
    const { claimed, failed } = await store.mail.claimDueEmail(clock.now());
    await announceEmails(ctx, failed);
    if (!claimed) return;
    await deliver(claimed);
  }
}
