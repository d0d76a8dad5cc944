/** Starts Parley on a config: opens the store, builds app and sockets, listens. Used by main.ts and tests. */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createApp } from './app.ts';
import { createChat } from './chat.ts';
import type { Config } from './config.ts';
import type { Deps } from './deps.ts';
import { firstStart, serverSecret } from './first-start.ts';
import { createHub } from './hub.ts';
import { attachSockets } from './sockets/attach.ts';
import { openDatabase } from './store/db.ts';
import { createSqliteStore } from './store/sqlite-store.ts';

export interface Running {
  deps: Deps;
  port: number;
  /** What first start printed: the demo site, the setup link. */
  notices: string[];
  stop(): Promise<void>;
}

export async function startServer(config: Config): Promise<Running> {
  const { db, sqlite } = openDatabase(config.databaseFile);
  const store = createSqliteStore(db, sqlite);
  const hub = createHub();
  const notices = await firstStart(store, config);
  const deps: Deps = { store, hub, config, chat: createChat(store, hub), secret: await serverSecret(store) };
  const app = createApp(deps);
  const server = await new Promise<Server>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () => resolve(s as Server));
    s.once('error', reject);
  });
  const sockets = attachSockets(server, deps);
  return {
    deps,
    port: (server.address() as AddressInfo).port,
    notices,
    async stop() {
      sockets.close();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Keep-alive connections would otherwise hold close() open until they time out.
      server.closeAllConnections();
      await closed;
      store.dispose();
    },
  };
}
