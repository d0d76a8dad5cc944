/** Starts Parley on a config: opens the store, builds app and sockets, listens. Used by main.ts and tests. */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createAgentPresence } from './core/agent-presence.ts';
import { createApp } from './edges/http/app.ts';
import { startAutoClose } from './core/auto-close.ts';
import { createAvailability } from './core/availability.ts';
import { createChat } from './core/chat.ts';
import type { Config } from './config.ts';
import type { Deps } from './core/deps.ts';
import { firstStart, serverSecret } from './core/first-start.ts';
import { openGeoIp } from './adapters/geoip/index.ts';
import { createHub } from './adapters/memory/hub.ts';
import { createMailTransport } from './adapters/mail/transport.ts';
import { startMail } from './core/mail/index.ts';
import { startInboundSmtp } from './edges/smtp/listener.ts';
import { attachSockets } from './edges/ws/attach.ts';
import { openDatabase } from './adapters/sqlite/db.ts';
import { createSqliteStore } from './adapters/sqlite/store.ts';
import { createTasks } from './core/tasks.ts';
import { createVisitorPresence } from './core/visitor-presence.ts';

export interface Running {
  deps: Deps;
  port: number;
  /** What first start printed: the demo site, the setup link. */
  notices: string[];
  /** The reply-by-email SMTP listener's port, null when PARLEY_INBOUND_SMTP_PORT is unset. */
  inboundSmtpPort: number | null;
  stop(): Promise<void>;
}

export async function startServer(config: Config): Promise<Running> {
  const { db, sqlite } = openDatabase(config.databaseFile);
  const store = createSqliteStore(db, sqlite);
  const hub = createHub();
  const notices = await firstStart(store, config);
  const chat = createChat(store, hub);
  const availability = createAvailability(store, hub);
  const tasks = createTasks();
  const deps: Deps = {
    store,
    hub,
    config,
    chat,
    visitors: createVisitorPresence(store, hub, chat, openGeoIp(config.geoipDb ?? undefined), tasks),
    agents: createAgentPresence(store, hub, availability),
    availability,
    tasks,
    mailTransport: createMailTransport(config),
    secret: await serverSecret(store),
  };
  await deps.agents.start();
  const autoClose = startAutoClose(store, chat);
  const app = createApp(deps);
  const server = await new Promise<Server>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () => resolve(s as Server));
    s.once('error', reject);
  });
  const sockets = attachSockets(server, deps);
  const mail = await startMail(deps);
  const inbound = config.inboundSmtpPort === null ? null : await startInboundSmtp(deps, config.inboundSmtpPort);
  return {
    deps,
    port: (server.address() as AddressInfo).port,
    notices,
    inboundSmtpPort: inbound?.port ?? null,
    async stop() {
      await inbound?.close();
      await sockets.close();
      deps.agents.stop();
      availability.stop();
      autoClose.stop();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Keep-alive connections would otherwise hold close() open until they time out.
      server.closeAllConnections();
      await closed;
      await mail.stop();
      await tasks.drain();
      store.dispose();
    },
  };
}
