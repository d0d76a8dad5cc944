/**
 * The composition root: the one place that picks adapters. Opens the store, builds the core,
 * the app and the sockets, and listens. Used by main.ts and tests.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { nanoid } from 'nanoid';
import { openGeoIp } from './adapters/geoip/index.ts';
import { createDiskFileStore } from './adapters/files/disk.ts';
import { createMailTransport } from './adapters/mail/transport.ts';
import { createMemoryBroker } from './adapters/memory/bus.ts';
import { systemClock } from './adapters/memory/clock.ts';
import { createMemoryPresence } from './adapters/memory/presence.ts';
import { createMemoryRateLimiter } from './adapters/memory/rate-limiter.ts';
import { copySqliteToPostgres } from './adapters/postgres/from-sqlite.ts';
import { createPostgresFileStore } from './adapters/postgres/file-store.ts';
import { createPostgresJobs } from './adapters/postgres/jobs.ts';
import { openPostgresStore } from './adapters/postgres/store.ts';
import { openRedisPorts } from './adapters/redis/index.ts';
import { createSqliteJobs } from './adapters/sqlite/jobs.ts';
import { openSqliteStore } from './adapters/sqlite/store.ts';
import type { Config } from './config.ts';
import type { Ports } from './core/context.ts';
import { firstStart } from './core/first-start.ts';
import { type Core, type CoreOptions, createCore } from './core/index.ts';
import { createApp } from './edges/http/app.ts';
import { attachSockets } from './edges/ws/attach.ts';
import type { Store } from './ports/store.ts';

export interface Running {
  core: Core;
  store: Store;
  port: number;
  /** What first start printed: the demo site, the setup link. */
  notices: string[];
  /** The reply-by-email SMTP listener's port, null when PARLEY_INBOUND_SMTP_PORT is unset. */
  inboundSmtpPort: number | null;
  stop(): Promise<void>;
}

/** What the nodes share: through Redis when PARLEY_REDIS_URL is set, else in this process (one node). */
async function openSharedPorts(config: Config, node: string): Promise<Pick<Ports, 'bus' | 'presence' | 'limiter'>> {
  if (config.redisUrl === null) return { bus: createMemoryBroker().node(), presence: createMemoryPresence(), limiter: createMemoryRateLimiter() };
  // A dead node's sockets go within the socket edge's dead-socket time: two heartbeat periods.
  return openRedisPorts(config.redisUrl, node, { deadAfterMs: 2 * config.heartbeatMs });
}

/**
 * The store, its jobs and the files' bytes: PostgreSQL when PARLEY_DATABASE_URL is set (the bytes
 * in a table, so every node serves every file), else SQLite and `uploads/` in the data dir.
 */
async function openStore(config: Config): Promise<Pick<Ports, 'store' | 'jobs' | 'files'>> {
  if (config.databaseUrl) {
    const store = await openPostgresStore(config.databaseUrl);
    return { store, jobs: createPostgresJobs(store.db), files: createPostgresFileStore(store.pool) };
  }
  const store = openSqliteStore(config.databaseFile);
  return { store, jobs: createSqliteJobs(store.db, store.exclusive), files: createDiskFileStore(join(config.dataDir, 'uploads')) };
}

/** The adapters for this config: SQLite and in-process ones, the embedded single-machine setup, unless the environment names shared services. */
export async function openPorts(config: Config): Promise<Ports> {
  const node = `${hostname()}:${process.pid}:${nanoid(6)}`;
  return {
    ...(await openStore(config)),
    ...(await openSharedPorts(config, node)),
    clock: systemClock,
    geo: openGeoIp(config.geoipDb ?? undefined),
    mailTransport: createMailTransport(config),
    node,
  };
}

/** `pnpm parley migrate-to-postgres URL`: this data dir's SQLite database and uploads into an empty PostgreSQL one; rows copied per table. */
export const migrateToPostgres = (config: Config, url: string) => copySqliteToPostgres(config.databaseFile, url, join(config.dataDir, 'uploads'));

export function coreOptions(config: Config): CoreOptions {
  return {
    settings: {
      publicUrl: config.publicUrl,
      mailFrom: config.mailFrom,
      repliesByEmail: config.inboundSmtpPort !== null,
      mailRetryBaseMs: config.mailRetryBaseMs,
      mailMaxAttempts: config.mailMaxAttempts,
      reconnectGraceMs: config.reconnectGraceMs,
    },
    pollMs: config.mailTickMs,
  };
}

/** `chosen` replaces adapters the config would pick: tests bring a clock they move by hand. */
export async function startServer(config: Config, chosen: Partial<Pick<Ports, 'clock'>> = {}): Promise<Running> {
  if (config.databaseUrl && !config.redisUrl) {
    // One node alone would work, and then break without a word the day a second one starts.
    throw new Error(
      'PARLEY_DATABASE_URL is set but PARLEY_REDIS_URL is not. PostgreSQL is for running several nodes, and nodes share live messages, presence and limits through Redis: without it, an agent on one node would not see a visitor on another. Set PARLEY_REDIS_URL=redis://host:6379 as well, or unset PARLEY_DATABASE_URL for the single-machine setup.',
    );
  }
  const ports = { ...(await openPorts(config)), ...chosen };
  const { store } = ports;
  const notices = await firstStart(store, config.publicUrl);
  const core = await createCore(ports, coreOptions(config));
  const app = createApp(core, { publicUrl: config.publicUrl, trustProxy: config.trustProxy });
  const server = await new Promise<Server>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () => resolve(s as Server));
    s.once('error', reject);
  });
  const sockets = attachSockets(server, core, { heartbeatMs: config.heartbeatMs, trustProxy: config.trustProxy, publicUrl: config.publicUrl });
  ports.bus.onReconnect?.(() => sockets.resync());
  await core.start();
  // Loaded only when configured: the MIME parsing it needs is a third of the server's memory.
  const inbound =
    config.inboundSmtpPort === null
      ? null
      : await (await import('./edges/smtp/listener.ts')).startInboundSmtp(core, { port: config.inboundSmtpPort, host: config.host, hostname: new URL(config.publicUrl).hostname });
  return {
    core,
    store,
    port: (server.address() as AddressInfo).port,
    notices,
    inboundSmtpPort: inbound?.port ?? null,
    async stop() {
      await inbound?.close();
      await core.stop();
      await sockets.close();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Keep-alive connections would otherwise hold close() open until they time out.
      server.closeAllConnections();
      await closed;
      await core.close();
    },
  };
}
