/** What the app and its sockets are built from: made once in main.ts, or in a test. */
import type { AgentPresenceService } from './agent-presence.ts';
import type { Availability } from './availability.ts';
import type { Chat } from './chat.ts';
import type { Config } from '../config.ts';
import type { Tasks } from './tasks.ts';
import type { VisitorPresence } from './visitor-presence.ts';
import type { Hub } from '../ports/hub.ts';
import type { MailTransport } from '../ports/mail-transport.ts';
import type { Store } from '../ports/store.ts';

export interface Deps {
  store: Store;
  hub: Hub;
  config: Config;
  chat: Chat;
  visitors: VisitorPresence;
  agents: AgentPresenceService;
  availability: Availability;
  tasks: Tasks;
  mailTransport: MailTransport;
  /** The installation's secret for signing reply addresses and links. */
  secret: string;
}
