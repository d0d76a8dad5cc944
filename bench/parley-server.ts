/**
 * The real Parley server as a child process on a fresh data dir and a free port, with its CLI and
 * an agent sign-in: what the benchmarks that measure a server process start.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sleep } from './measure.ts';

export const ROOT = new URL('..', import.meta.url).pathname;

/** How a Parley entry point (`main` the server, `cli` the operator CLI) runs: the one place to change when it ships as compiled JS. */
export function parleyCommand(entry: 'main' | 'cli'): string[] {
  // What ships, as `pnpm start` runs it: the compiled server (pnpm bench builds it first when it is
  // missing or stale), with the young generation kept small.
  return entry === 'main' ? ['--max-semi-space-size=2', 'apps/server/dist/main.js'] : ['apps/server/dist/cli.js'];
}

/** A port nothing listens on right now. */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** Resolves once GET /healthz answers 200; throws after `timeoutMs`, or as soon as `child` exits. */
export async function waitHealthy(port: number, child: ChildProcess, timeoutMs = 20_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the process on port ${port} exited with ${child.exitCode} before it was healthy`);
    if (await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false)) return;
    await sleep(100);
  }
  throw new Error(`nothing healthy on port ${port} after ${timeoutMs} ms`);
}

/** Sends SIGTERM, then SIGKILL if the process has not exited within `graceMs`. */
export async function stopProcess(child: ChildProcess, graceMs = 5_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

export interface Parley {
  port: number;
  dataDir: string;
  /** http://127.0.0.1:PORT: also the public URL, so it is the demo site's origin and the console's. */
  origin: string;
  /** Runs `pnpm parley …` on this data dir and returns what it printed. */
  cli(...args: string[]): string;
  /** Starts the server; resolves once it is healthy, with what first start printed (the demo site's key among it). */
  start(): Promise<{ pid: number; demoSiteKey: string | null }>;
  /** Stops the server (it can be started again on the same data dir). */
  stop(): Promise<void>;
  /** Signs an agent in over HTTP and returns its session cookie. */
  signIn(email: string, password: string): Promise<string>;
  /** Stops the server and deletes the data dir. */
  destroy(): Promise<void>;
}

/** `env` adds to the server's environment, e.g. `{ PARLEY_TRUST_PROXY: '1' }`; its PORT, if any, is the port (a balancer's backend). */
export async function createParley(env: Record<string, string> = {}): Promise<Parley> {
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-bench-'));
  const port = env.PORT ? Number(env.PORT) : await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const fullEnv = { ...process.env, PORT: String(port), HOST: '127.0.0.1', PARLEY_PUBLIC_URL: origin, PARLEY_DATA_DIR: dataDir, ...env };
  let child: ChildProcess | null = null;

  const parley: Parley = {
    port,
    dataDir,
    origin,
    cli: (...args) => execFileSync(process.execPath, [...parleyCommand('cli'), ...args], { cwd: ROOT, env: fullEnv }).toString(),
    async start() {
      const started = spawn(process.execPath, parleyCommand('main'), { cwd: ROOT, env: fullEnv, stdio: ['ignore', 'pipe', 'pipe'] });
      child = started;
      let output = '';
      // Always drained, so a chatty server never blocks on a full pipe; only the start is kept.
      started.stdout!.on('data', (chunk: Buffer) => void (output.length < 10_000 && (output += chunk)));
      started.stderr!.on('data', (chunk: Buffer) => void (output.length < 10_000 && (output += chunk)));
      try {
        await waitHealthy(port, started);
      } catch (error) {
        started.kill('SIGKILL');
        throw new Error(`Parley did not start: ${(error as Error).message}\n${output}`);
      }
      return { pid: started.pid!, demoSiteKey: /demo site \(key (\S+)\)/.exec(output)?.[1] ?? null };
    },
    async stop() {
      if (child) await stopProcess(child);
      child = null;
    },
    async signIn(email, password) {
      const res = await fetch(`${origin}/api/login`, { method: 'POST', headers: { origin, 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
      if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
      return res.headers.get('set-cookie')!.split(';')[0]!;
    },
    async destroy() {
      await parley.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return parley;
}
