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
import type { Deps } from '../deps.ts';
import type { ClaimedEmail, EmailChange } from '../../ports/mail-store.ts';
import type { MailTransport } from '../../ports/mail-transport.ts';
import { stopMailTo } from './unsubscribe.ts';

const MAX_ATTEMPTS = 30;
const MAX_RETRY_DELAY_MS = 3_600_000;
/** How long stop() waits for a send in progress before leaving it to the next start. */
const STOP_WAIT_MS = 2_000;
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

export function createOutboxWorker(deps: Pick<Deps, 'store' | 'hub' | 'chat' | 'config'>, transport: MailTransport, envelopeFrom: string) {
  const { store, hub, config } = deps;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | null = null;
  let wakeAgain = false;
  let stopped = false;
  /** Set when stop() stopped waiting: the database may be closed, so the late send result is dropped. */
  let abandoned = false;

  const publish = (change: EmailChange) => hub.toAgents({ t: 'email', ...change });

  const deliver = async (email: ClaimedEmail) => {
    let error: unknown = null;
    try {
      await transport.send({ from: envelopeFrom, to: email.to, messageIdHeader: email.messageIdHeader, raw: email.raw });
    } catch (caught) {
      error = caught ?? new Error('The transport failed without a reason.');
    }
    if (abandoned) return;
    if (error === null) {
      // Synchronous inside: the row is 'sent' before anything else runs.
      return publish(await store.markEmailSent(email.id, Date.now()));
    }
    const failure = failureOf(error);
    if (failure.permanent || email.attempts >= MAX_ATTEMPTS) {
      const { change, visitorId } = await store.markEmailFailed(email.id, failure.reason);
      publish(change);
      if (failure.bounced) await stopMailTo(deps, visitorId, 'bounced');
      return;
    }
    publish(await store.markEmailRetry(email.id, failure.reason, Date.now() + retryDelay(email.attempts, config.mailRetryBaseMs)));
  };

  const drain = async () => {
    while (!stopped) {
      const { claimed, failed } = await store.claimDueEmail(Date.now());
      for (const change of failed) publish(change);
      if (!claimed) return;
      await deliver(claimed);
    }
  };

  /** Runs one drain at a time; a wake during a drain runs another right after it. */
  const wake = () => {
    if (stopped) return;
    if (running) {
      wakeAgain = true;
      return;
    }
    running = drain()
      .catch((error: unknown) => console.error('Outbox: delivery stopped for this round:', error))
      .finally(() => {
        running = null;
        if (wakeAgain) {
          wakeAgain = false;
          wake();
        }
      });
  };

  return {
    wake,
    async start() {
      const interrupted = await store.requeueInterrupted(Date.now());
      if (interrupted > 0) console.warn(`Outbox: ${interrupted} email(s) were being sent when the server stopped; sending them again under the same Message-ID.`);
      timer = setInterval(wake, config.mailTickMs);
      timer.unref();
      wake();
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      if (running) {
        let waited: NodeJS.Timeout | undefined;
        const settled = await Promise.race([
          running.then(() => true),
          new Promise<boolean>((resolve) => (waited = setTimeout(() => resolve(false), STOP_WAIT_MS))),
        ]);
        clearTimeout(waited);
        abandoned = !settled;
      }
      transport.close();
    },
  };
}
