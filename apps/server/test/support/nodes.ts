/**
 * What the multi-node spec runs: the database every node shares, chosen in one place, and
 * server nodes as processes of their own on it, each on a free port.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPostgresStore } from '../../src/adapters/postgres/store.ts';
import type { Config } from '../../src/config.ts';
import type { Store } from '../../src/ports/store.ts';
import { startPostgres } from './postgres.ts';

export interface SharedDatabase {
  /** What each node's environment adds to use it. */
  env: Record<string, string>;
  /** The test's own handle on it, for setting up and for the checks. */
  open(): Promise<Store>;
  destroy(): Promise<void>;
}

/**
 * The one place the nodes' database is chosen: a PostgreSQL server of the test's own, with a fresh
 * database, as several nodes run in production (PARLEY_DATABASE_URL); each node keeps a data dir
 * of its own for what is not shared.
 */
export async function sharedDatabase(): Promise<SharedDatabase> {
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-nodes-'));
  const postgres = await startPostgres();
  const url = await postgres.createDatabase();
  return {
    env: { PARLEY_DATA_DIR: dataDir, PARLEY_DATABASE_URL: url },
    open: () => openPostgresStore(url),
    async destroy() {
      await postgres.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface Node {
  port: number;
  url: string;
  /** What its start printed (first start's demo site and setup link among it). */
  printed: string;
  /** kill -9: no shutdown of any kind runs. */
  kill(): Promise<void>;
  /** SIGTERM: a clean stop. */
  stop(): Promise<void>;
}

const ENTRY = join(import.meta.dirname, 'node-process.ts');

/** A node with `env` on top of the test's environment and `internal` settings over its config; resolves once it listens. */
export function startNode(env: Record<string, string>, internal: Partial<Config> = {}): Promise<Node> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', ENTRY, JSON.stringify(internal)], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', PARLEY_PUBLIC_URL: 'http://localhost:3999', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const end = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  let printed = '';
  child.stderr!.on('data', (chunk: Buffer) => void (printed += chunk));
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      printed += chunk;
      const port = Number(/Parley node listening on port (\d+)/.exec(printed)?.[1]);
      if (port) resolve({ port, url: `http://127.0.0.1:${port}`, printed, kill: () => end('SIGKILL'), stop: () => end('SIGTERM') });
    });
    child.once('exit', (code) => reject(new Error(`a node exited (${code}) before it listened:\n${printed}`)));
  });
}
