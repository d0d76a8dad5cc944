/** The server's settings, read once from the environment (CONTRACT.md lists them). */
import { resolve } from 'node:path';
import addressparser from 'nodemailer/lib/addressparser';

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseFile: string;
  /** PARLEY_DATABASE_URL: the PostgreSQL store's database; null: SQLite at databaseFile. */
  databaseUrl: string | null;
  /** PARLEY_REDIS_URL: the Redis every node shares; null: this process's own bus, presence and limits. */
  redisUrl: string | null;
  publicUrl: string;
  /** PARLEY_TRUST_PROXY: how many reverse proxies in front of us append to X-Forwarded-For; 0: none, the header is ignored. */
  trustProxy: number;
  /** PARLEY_GEOIP_DB: another .mmdb; null: the bundled database. */
  geoipDb: string | null;
  /** How often sockets are pinged; one missed pong drops the socket, so dead ones go within two periods. */
  heartbeatMs: number;
  /** SMTP_URL: where fallback emails go; null: `.eml` files in `$PARLEY_DATA_DIR/outbox/`. */
  smtpUrl: string | null;
  /** MAIL_FROM: the sender of fallback emails; its domain also names Message-IDs and reply addresses. */
  mailFrom: string;
  /** Internal, not an env variable: how often the fallback scheduler and the outbox worker look for work. */
  mailTickMs: number;
  /** Internal: the first retry delay of a failed send; each further failure doubles it (capped at an hour). */
  mailRetryBaseMs: number;
  /** Internal: attempts before a failing email is given up (about a day of outage with the default backoff). */
  mailMaxAttempts: number;
  /** Internal: how long SMTP may take to connect, to greet, and to answer any one command, before the attempt fails. */
  smtpTimeouts: SmtpTimeouts;
  /** PARLEY_INBOUND_SMTP_PORT: the reply-by-email SMTP listener's port (0: any free one); null: no listener. */
  inboundSmtpPort: number | null;
  /** Internal: how long after a start no visitor counts as gone, so the email fallback waits for widgets to reconnect. */
  reconnectGraceMs: number;
}

export interface SmtpTimeouts {
  connectionMs: number;
  greetingMs: number;
  socketMs: number;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, not "${env.PORT}".`);
  const dataDir = resolve(env.PARLEY_DATA_DIR ?? './data');
  const publicUrl = (env.PARLEY_PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/+$/, '');
  try {
    new URL(publicUrl);
  } catch {
    throw new Error(`PARLEY_PUBLIC_URL must be an absolute URL such as https://chat.example.com, not "${publicUrl}".`);
  }
  const smtpUrl = env.SMTP_URL || null;
  if (smtpUrl && !/^smtps?:\/\/[^/]/.test(smtpUrl)) {
    throw new Error(`SMTP_URL must look like smtp://user:pass@mail.example.com:587 (or smtps://…), not "${smtpUrl}".`);
  }
  const mailFrom = env.MAIL_FROM || 'Parley <no-reply@localhost>';
  const [sender] = addressparser(mailFrom, { flatten: true });
  if (!sender || !/^[^@\s]+@[^@\s]+$/.test(sender.address)) {
    throw new Error(`MAIL_FROM must be an address such as "Shop support <support@example.com>", not "${mailFrom}".`);
  }
  const inboundSmtpPort = env.PARLEY_INBOUND_SMTP_PORT?.trim() ? Number(env.PARLEY_INBOUND_SMTP_PORT) : null;
  if (inboundSmtpPort !== null && (!Number.isInteger(inboundSmtpPort) || inboundSmtpPort < 0 || inboundSmtpPort > 65535)) {
    throw new Error(`PARLEY_INBOUND_SMTP_PORT must be a port number, not "${env.PARLEY_INBOUND_SMTP_PORT}".`);
  }
  const databaseUrl = env.PARLEY_DATABASE_URL?.trim() || null;
  if (databaseUrl && !/^postgres(ql)?:\/\/[^/]/.test(databaseUrl)) {
    throw new Error('PARLEY_DATABASE_URL must look like postgres://user:pass@db.example.com:5432/parley.');
  }
  const redisUrl = env.PARLEY_REDIS_URL?.trim() || null;
  if (redisUrl && !/^rediss?:\/\/[^/]/.test(redisUrl)) throw new Error('PARLEY_REDIS_URL must look like redis://host:6379 (or rediss://user:pass@host:6380/0).');
  const trustProxy = env.PARLEY_TRUST_PROXY?.trim() ? Number(env.PARLEY_TRUST_PROXY) : 0;
  if (!Number.isInteger(trustProxy) || trustProxy < 0 || trustProxy > 16) {
    throw new Error(`PARLEY_TRUST_PROXY must be the number of reverse proxies in front of Parley (1 for one), not "${env.PARLEY_TRUST_PROXY}".`);
  }
  return {
    port,
    host: env.HOST ?? '127.0.0.1',
    dataDir,
    databaseFile: resolve(dataDir, 'parley.db'),
    databaseUrl,
    redisUrl,
    publicUrl,
    trustProxy,
    geoipDb: env.PARLEY_GEOIP_DB ? resolve(env.PARLEY_GEOIP_DB) : null,
    heartbeatMs: 25_000,
    smtpUrl,
    mailFrom,
    mailTickMs: 5_000,
    mailRetryBaseMs: 30_000,
    mailMaxAttempts: 30,
    // Far below nodemailer's own (2 min, 30 s, 10 min): a server that never answers must not keep an email, or its place in the outbox, for long.
    smtpTimeouts: { connectionMs: 10_000, greetingMs: 10_000, socketMs: 20_000 },
    inboundSmtpPort,
    reconnectGraceMs: 30_000,
  };
}
