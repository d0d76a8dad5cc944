/**
 * Send-to-console latency: a visitor's message through Parley (validate, store in SQLite, fan out)
 * to an agent's socket, against a bare WebSocket relay in the same process as the baseline.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:http';
import { WebSocket, WebSocketServer } from 'ws';
import { readConfig } from '../apps/server/src/config.ts';
import { startServer } from '../apps/server/src/server.ts';
import { percentile as pct } from './measure.ts';

const MESSAGES = 500;

const open = (url: string, headers: Record<string, string> = {}) =>
  new Promise<WebSocket>((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });

/** Sends one message at a time and times each until `receiver` sees it. */
async function timeRoundTrips(sender: WebSocket, receiver: WebSocket, frame: (i: number) => unknown, isIt: (data: any, i: number) => boolean) {
  const times: number[] = [];
  for (let i = 0; i < MESSAGES; i++) {
    const started = performance.now();
    const arrived = new Promise<void>((resolve) => {
      const onMessage = (raw: Buffer) => {
        if (!isIt(JSON.parse(raw.toString()), i)) return;
        receiver.off('message', onMessage);
        resolve();
      };
      receiver.on('message', onMessage);
    });
    sender.send(JSON.stringify(frame(i)));
    await arrived;
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b);
}

const line = (name: string, t: number[]) => `  ${name.padEnd(9)} p50 ${pct(t, 50).toFixed(2)} ms  p95 ${pct(t, 95).toFixed(2)} ms  p99 ${pct(t, 99).toFixed(2)} ms`;

async function baseline(): Promise<number[]> {
  const http = createServer();
  const wss = new WebSocketServer({ server: http });
  const peers: WebSocket[] = [];
  wss.on('connection', (ws) => {
    peers.push(ws);
    ws.on('message', (data) => peers.filter((p) => p !== ws).forEach((p) => p.send(data.toString())));
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const url = `ws://127.0.0.1:${(http.address() as AddressInfo).port}`;
  const a = await open(url);
  const b = await open(url);
  const times = await timeRoundTrips(a, b, (i) => ({ i }), (d, i) => d.i === i);
  a.close();
  b.close();
  wss.close();
  http.close();
  return times;
}

async function parley(): Promise<number[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-bench-'));
  const running = await startServer(readConfig({ PORT: '0', HOST: '127.0.0.1', PARLEY_DATA_DIR: dataDir }));
  const created = await running.core.sites.create({ name: 'Bench', origins: ['https://shop.example'] });
  // One visitor sends round trip after round trip, faster than a person: the bench measures latency, not the visitor limits.
  const site = await running.core.sites.update(created.key, { settings: { messageBurst: 0, messagesPerHour: 0 } });
  await running.core.agents.add({ email: 'a@bench.example', name: 'A', role: 'admin', team: '', password: 'password1' });
  const base = `127.0.0.1:${running.port}`;
  const login = await fetch(`http://${base}/api/login`, { method: 'POST', headers: { origin: `http://${base}`, 'content-type': 'application/json' }, body: JSON.stringify({ email: 'a@bench.example', password: 'password1' }) });
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  const agent = await open(`ws://${base}/ws/agent`, { cookie, origin: `http://${base}` });
  const visitor = await open(`ws://${base}/ws/visitor?site=${site.key}`, { origin: 'https://shop.example' });
  const welcomed = new Promise((resolve) => visitor.once('message', resolve));
  visitor.send(JSON.stringify({ t: 'hello', site: site.key }));
  await welcomed;
  const times = await timeRoundTrips(
    visitor,
    agent,
    (i) => ({ t: 'send', clientId: `m${i}`, text: `message ${i}` }),
    (d, i) => d.t === 'message' && d.message.clientId === `m${i}`,
  );
  agent.close();
  visitor.close();
  await running.stop();
  rmSync(dataDir, { recursive: true, force: true });
  return times;
}

export async function latency() {
  const bare = await baseline();
  const ours = await parley();
  console.log(`visitor send → agent socket, ${MESSAGES} messages one at a time, loopback`);
  console.log(line('baseline', bare) + '   (bare ws relay)');
  console.log(line('parley', ours) + '   (validate, SQLite WAL insert, fan-out)');
  console.log(`  overhead  p50 +${(pct(ours, 50) - pct(bare, 50)).toFixed(2)} ms`);
}
