/** The email fallback, started and stopped with the server: the scheduler queues emails, the worker delivers them. */
import type { Deps } from '../deps.ts';
import { mailSender } from './compose.ts';
import { createFallbackScheduler } from './fallback.ts';
import { createOutboxWorker } from './outbox-worker.ts';

export interface MailService {
  /** Waits for a round in progress; a send that does not settle soon is left to the next start. */
  stop(): Promise<void>;
}

export async function startMail(deps: Deps): Promise<MailService> {
  const sender = mailSender(deps.config, deps.secret);
  const worker = createOutboxWorker(deps, deps.mailTransport, sender.address);
  const scheduler = createFallbackScheduler(deps, sender, worker.wake);
  await worker.start();
  scheduler.start();
  return {
    async stop() {
      await scheduler.stop();
      await worker.stop();
    },
  };
}
