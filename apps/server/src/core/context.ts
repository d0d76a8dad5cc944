/** What every core module is made from: the ports the composition root filled, and the core's own settings. */
import type { Bus } from '../ports/bus.ts';
import type { Clock } from '../ports/clock.ts';
import type { FileStore } from '../ports/file-store.ts';
import type { GeoIp } from '../ports/geo.ts';
import type { Jobs } from '../ports/jobs.ts';
import type { MailTransport } from '../ports/mail-transport.ts';
import type { Presence } from '../ports/presence.ts';
import type { RateLimiter } from '../ports/rate-limiter.ts';
import type { Store } from '../ports/store.ts';
import type { Dispatch } from './events.ts';
import type { Tasks } from './tasks.ts';

export interface CoreSettings {
  publicUrl: string;
  /** MAIL_FROM as given. */
  mailFrom: string;
  /** Whether the reply-by-email listener runs. */
  repliesByEmail: boolean;
  /** The first retry delay of a failed email; each further failure doubles it (capped at an hour). */
  mailRetryBaseMs: number;
  /** Attempts before a failing email is given up. */
  mailMaxAttempts: number;
  /** How long after a start no visitor counts as gone: their widgets need a moment to reconnect. */
  reconnectGraceMs: number;
}

export interface Ports {
  store: Store;
  /** The bytes of message files; what they are is in the store. */
  files: FileStore;
  bus: Bus;
  presence: Presence;
  jobs: Jobs;
  limiter: RateLimiter;
  clock: Clock;
  geo: GeoIp;
  mailTransport: MailTransport;
  /** This process's name in presence entries and job leases. */
  node: string;
}

export interface Context extends Ports {
  settings: CoreSettings;
  dispatch: Dispatch;
  tasks: Tasks;
  /** The installation's secret for signing reply addresses and links. */
  secret: string;
  /** When this node started: the reconnect grace counts from it. */
  startedAt: number;
  /** Tells this node's job runner that a deadline was booked in a transaction: it looks again now, not at its next poll. */
  wakeJobs(): void;
}
