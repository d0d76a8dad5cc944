/**
 * The cost of presence: a real server process holding 5,000 idle visitors (connected, said hello,
 * answering heartbeats), against the same process with none, measured from /proc.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket } from 'ws';

const VISITORS = 5_000;
const WINDOW_MS = 30_000; // spans a whole 25 s heartbeat round
const ROOT = new URL('..', import.meta.url).pathname;
const TICKS_PER_SECOND = 100;

function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

function rssMiB(pid: number): number {
  const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1];
  return Number(kb) / 1024;
}

async function window(pid: number) {
  const cpu = cpuSeconds(pid);
  await new Promise((resolve) => setTimeout(resolve, WINDOW_MS));
  return { cpuPercent: ((cpuSeconds(pid) - cpu) / (WINDOW_MS / 1000)) * 100, rss: rssMiB(pid) };
}

async function startServer(env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['apps/server/dist/main.js'], { cwd: ROOT, env, stdio: 'ignore' });
  for (let i = 0; i < 200; i++) {
    if (await fetch(`http://127.0.0.1:${env.PORT}/healthz`).then((r) => r.ok, () => false)) return child;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the server did not start');
}

function connect(url: string, siteKey: string, i: number): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers: { origin: 'https://shop.example' } });
    ws.once('open', () => ws.send(JSON.stringify({ t: 'hello', site: siteKey, page: { url: `https://shop.example/p/${i}`, title: 'Product', referrer: '' } })));
    ws.once('message', () => resolve(ws));
    ws.once('error', reject);
  });
}

export async function presence() {
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-bench-'));
  const env = { ...process.env, PORT: String(30_000 + Math.floor(Math.random() * 20_000)), HOST: '127.0.0.1', PARLEY_DATA_DIR: dataDir };
  const cli = (...args: string[]) => execFileSync(process.execPath, ['apps/server/dist/cli.js', ...args], { cwd: ROOT, env }).toString();
  const siteKey = /key: (\S+)/.exec(cli('site', 'add', '--name', 'Bench', '--origin', 'https://shop.example'))![1]!;
  cli('agent', 'add', '--email', 'a@bench.example', '--password', 'password1', '--name', 'A');
  const server = await startServer(env);
  const pid = server.pid!;
  try {
    console.log(`presence: one server process, ${VISITORS} idle visitors vs none (${WINDOW_MS / 1000} s windows)`);
    const idle = await window(pid);
    const started = performance.now();
    const sockets: WebSocket[] = [];
    const url = `ws://127.0.0.1:${env.PORT}/ws/visitor`;
    for (let i = 0; i < VISITORS; i += 250) {
      sockets.push(...(await Promise.all(Array.from({ length: Math.min(250, VISITORS - i) }, (_, j) => connect(url, siteKey, i + j)))));
    }
    const connectSeconds = (performance.now() - started) / 1000;
    const busy = await window(pid);
    console.log(`  baseline   0 visitors      CPU ${idle.cpuPercent.toFixed(2)}%  RSS ${idle.rss.toFixed(0)} MiB`);
    console.log(`  parley  ${VISITORS} visitors      CPU ${busy.cpuPercent.toFixed(2)}%  RSS ${busy.rss.toFixed(0)} MiB`);
    console.log(`  per visitor  ${(((busy.rss - idle.rss) * 1024) / VISITORS).toFixed(1)} KiB; ${VISITORS} hellos took ${connectSeconds.toFixed(1)} s (${(VISITORS / connectSeconds).toFixed(0)}/s)`);
    for (const ws of sockets) ws.terminate();
  } finally {
    server.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  }
}
