/** A real redis-server for tests: on a free 127.0.0.1 port in a temporary dir, nothing saved; restartable on the same port. */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestRedis {
  url: string;
  port: number;
  /** A fresh key prefix: tests sharing one server never see each other's keys or channels. */
  prefix(): string;
  /** Kills the server (SIGKILL: it loses everything, as no persistence is on) and starts an empty one on the same port. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

const READY_WITHIN_MS = 10_000;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Whether a server on `port` answers PING. */
function pings(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    let reply = '';
    socket.setTimeout(500, () => socket.destroy());
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (data) => {
      reply += data.toString();
      if (reply.includes('\r\n')) socket.end();
    });
    socket.on('close', () => resolve(reply.startsWith('+PONG')));
    socket.on('error', () => {});
  });
}

function launch(port: number, dir: string): Promise<ChildProcess> {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no', '--logfile', ''], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (data) => (output += data));
  child.stderr!.on('data', (data) => (output += data));
  return new Promise((resolve, reject) => {
    let exited = false;
    child.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'ENOENT' ? new Error('redis-server is not installed: `apt-get install -y redis-server` (.ci/run installs it).') : error),
    );
    child.once('exit', (code) => {
      exited = true;
      reject(new Error(`redis-server exited (${code}) before answering:\n${output}`));
    });
    const deadline = Date.now() + READY_WITHIN_MS;
    (async function waitForPing() {
      while (!exited) {
        if (await pings(port)) return resolve(child);
        if (Date.now() > deadline) {
          child.kill('SIGKILL');
          return reject(new Error(`redis-server did not answer PING on port ${port} within ${READY_WITHIN_MS} ms:\n${output}`));
        }
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
  });
}

function kill(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill(signal);
  });
}

export async function startRedis(): Promise<TestRedis> {
  const dir = mkdtempSync(join(tmpdir(), 'parley-redis-'));
  const port = await freePort();
  let child = await launch(port, dir);
  let prefixes = 0;
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    prefix: () => `test${prefixes++}:`,
    async restart() {
      await kill(child, 'SIGKILL');
      child = await launch(port, dir);
    },
    async stop() {
      await kill(child, 'SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
