/**
 * The cost of presence: a real server process holding 5,000 idle visitors (connected, said hello,
 * answering heartbeats), against the same process with none, measured from /proc.
 */
import { WebSocket } from 'ws';
import { cpuWindow, rssBytes, sleep } from './measure.ts';
import { createParley } from './parley-server.ts';

const VISITORS = 5_000;
const WINDOW_MS = 30_000; // spans a whole 25 s heartbeat round
const MIB = 1024 * 1024;

async function window(pid: number) {
  const cpu = cpuWindow(pid);
  await sleep(WINDOW_MS);
  return { cpuPercent: cpu(), rss: rssBytes(pid) / MIB };
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
  const parley = await createParley();
  const siteKey = /key: (\S+)/.exec(parley.cli('site', 'add', '--name', 'Bench', '--origin', 'https://shop.example'))![1]!;
  // Every idle visitor is new and comes from this one address: the bench measures presence, not the visitor limits.
  parley.cli('site', 'set', siteKey, 'newVisitors=0');
  parley.cli('agent', 'add', '--email', 'a@bench.example', '--password', 'password1', '--name', 'A');
  const { pid } = await parley.start();
  try {
    console.log(`presence: one server process, ${VISITORS} idle visitors vs none (${WINDOW_MS / 1000} s windows)`);
    const idle = await window(pid);
    const started = performance.now();
    const sockets: WebSocket[] = [];
    const url = `ws://127.0.0.1:${parley.port}/ws/visitor?site=${siteKey}`;
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
    await parley.destroy();
  }
}
