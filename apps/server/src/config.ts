/** The server's settings, read once from the environment (CONTRACT.md lists them). */
import { resolve } from 'node:path';

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseFile: string;
  publicUrl: string;
  trustProxy: boolean;
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
  return {
    port,
    host: env.HOST ?? '127.0.0.1',
    dataDir,
    databaseFile: resolve(dataDir, 'parley.db'),
    publicUrl,
    trustProxy: env.PARLEY_TRUST_PROXY === '1',
  };
}
