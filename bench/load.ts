/**
 * `pnpm bench load`: Parley under load beside a bare relay and the durable floor, each its own
 * process, driven by the same load generator in the same run.
 * A, steady: idle visitors plus chatting ones sending a fixed total rate, one agent receiving it all.
 * B, saturation: a fixed number of messages in flight, each ack releasing the next send.
 * Options (flag, else env): --seconds LOAD_SECONDS (60), --idle LOAD_IDLE (10000),
 * --chatting LOAD_CHATTING (1000), --rate LOAD_RATE (100), --saturation-seconds LOAD_SATURATION_SECONDS (15),
 * --saturation-visitors LOAD_SATURATION_VISITORS (100), --in-flight LOAD_IN_FLIGHT (200).
 */
import { fork } from 'node:child_process';
import { parseArgs } from 'node:util';
import { Agent, type Endpoint, openVisitors, saturate, sendAtRate, Tracker, Visitor } from './load-generator.ts';
import { startParleyTarget, startTarget, type Target, type TargetName } from './load-targets.ts';
import { cpuWindow, othersCpuWindow, percentile, rssBytes, settled, skewWarning, sleep } from './measure.ts';

const OPTIONS = {
  seconds: ['LOAD_SECONDS', 60],
  idle: ['LOAD_IDLE', 10_000],
  chatting: ['LOAD_CHATTING', 1_000],
  rate: ['LOAD_RATE', 100],
  'saturation-seconds': ['LOAD_SATURATION_SECONDS', 15],
  'saturation-visitors': ['LOAD_SATURATION_VISITORS', 100],
  'in-flight': ['LOAD_IN_FLIGHT', 200],
} as const;
export type Options = Record<keyof typeof OPTIONS, number>;

/** Idle visitors per worker process: each process stays far below the file descriptor limit. */
const VISITORS_PER_WORKER = 5_000;
const DRAIN_MS = 10_000;
const WARMUP_SECONDS = 2;
const MB = 1e6;

/** The options from flags, else env, else `defaults` (another benchmark's shorter run), else this one's. */
export function readOptions(args: string[], defaults: Partial<Options> = {}): Options {
  const { values } = parseArgs({ args, options: Object.fromEntries(Object.keys(OPTIONS).map((name) => [name, { type: 'string' }])) });
  const options = {} as Options;
  for (const [name, [env, fallback]] of Object.entries(OPTIONS) as Array<[keyof Options, readonly [string, number]]>) {
    const value = Number(values[name] ?? process.env[env] ?? defaults[name] ?? fallback);
    if (!Number.isFinite(value) || value < 0) throw new Error(`--${name} (or ${env}) must be a number, not "${values[name] ?? process.env[env]}".`);
    options[name] = value;
  }
  return options;
}

/** Holds `count` idle visitors in worker processes; `close()` ends them. */
async function holdIdleVisitors(endpoint: Endpoint, count: number, lifetimeMs: number) {
  const workers = Array.from({ length: Math.ceil(count / VISITORS_PER_WORKER) }, () =>
    fork(new URL('./load-worker.ts', import.meta.url).pathname, [], { execArgv: ['--import', 'tsx'] }),
  );
  const close = () =>
    Promise.all(
      workers.map((worker) => {
        if (worker.exitCode !== null) return;
        const exited = new Promise((resolve) => worker.once('exit', resolve));
        worker.send('close');
        setTimeout(() => worker.kill('SIGKILL'), 5_000).unref();
        return exited;
      }),
    );
  const reports = workers.map((worker, i) => {
    const from = i * VISITORS_PER_WORKER;
    worker.send({ endpoint, from, count: Math.min(VISITORS_PER_WORKER, count - from), lifetimeMs });
    return new Promise<{ opened: number; failed: number; errors: string[] }>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('exit', (code) => reject(new Error(`a load worker exited with ${code} before its visitors were open`)));
    });
  });
  try {
    const done = await Promise.all(reports);
    return {
      opened: done.reduce((n, r) => n + r.opened, 0),
      failed: done.reduce((n, r) => n + r.failed, 0),
      errors: done.flatMap((r) => r.errors),
      pids: workers.map((worker) => worker.pid!),
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Runs `measure` on a fresh target, then stops the target and closes, last first, what `measure` opened. */
async function measureOn<T>(target: Target, measure: (opened: (close: () => unknown) => void) => Promise<T>): Promise<T> {
  const closers: Array<() => unknown> = [];
  try {
    return await measure((close) => closers.push(close));
  } finally {
    await target.stop();
    for (const close of closers.reverse()) await close();
  }
}

/** Scenario A on a fresh target: latency, CPU and memory at a steady rate, with every visitor connected. */
export function steady(target: Target, o: Options) {
  return measureOn(target, async (opened) => {
    const agent = await Agent.open(target.endpoint);
    opened(() => agent.close());
    const started = performance.now();
    const idle = await holdIdleVisitors(target.endpoint, o.idle, (o.seconds + 300) * 1000);
    opened(idle.close);
    const chat = await openVisitors(target.endpoint, o.chatting, o.idle);
    opened(() => chat.visitors.forEach((v) => v.close()));
    if (chat.visitors.length === 0) throw new Error(`no chatting visitor could connect: ${chat.errors.join('; ')}`);
    const connectSeconds = (performance.now() - started) / 1000;
    const failed = idle.failed + chat.failed;
    // Parley finishes each arrival after its welcome: measure once that backlog is done.
    await settled(target.pid);
    const rssConnected = rssBytes(target.pid);
    const tracker = new Tracker(agent, chat.visitors);
    const cpu = cpuWindow(target.pid);
    const others = othersCpuWindow([target.pid, process.pid, ...idle.pids]);
    await sendAtRate(tracker, chat.visitors, o.rate, o.seconds);
    const cpuPercent = cpu();
    const othersPercent = others();
    const rss = rssBytes(target.pid);
    const counts = await tracker.drain(DRAIN_MS);
    const latencies = [...tracker.latencies].sort((a, b) => a - b);
    return {
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      cpuPercent,
      othersPercent,
      rss,
      rssConnected,
      visitors: idle.opened + chat.visitors.length,
      failed,
      errors: [...idle.errors, ...chat.errors],
      connectSeconds,
      ...counts,
    };
  });
}

/** Scenario B on a fresh target: how many messages a second it acks and delivers with a fixed number in flight. */
export function saturation(target: Target, o: Options) {
  return measureOn(target, async (opened) => {
    const agent = await Agent.open(target.endpoint);
    opened(() => agent.close());
    const { visitors } = await openVisitors(target.endpoint, o['saturation-visitors']);
    opened(() => visitors.forEach((v) => v.close()));
    const tracker = new Tracker(agent, visitors);
    const others = othersCpuWindow([target.pid, process.pid]);
    const rates = await saturate(tracker, visitors, o['in-flight'], WARMUP_SECONDS, o['saturation-seconds']);
    const othersPercent = others();
    const { lost, unacked } = await tracker.drain(DRAIN_MS);
    return { ...rates, othersPercent, lost, unacked };
  });
}

/** What the GeoIP database costs: RSS after one visitor from a public address, minus RSS after one from loopback. */
async function geoIpCost(): Promise<number> {
  const target = await startParleyTarget({ PARLEY_TRUST_PROXY: '1' });
  return measureOn(target, async (opened) => {
    const agent = await Agent.open(target.endpoint);
    opened(() => agent.close());
    const local = await Visitor.open(target.endpoint, 0);
    opened(() => local.close());
    await settled(target.pid);
    const before = rssBytes(target.pid);
    const located = new Promise<void>((resolve) => {
      agent.onFrame = (frame) => frame.t === 'visitor' && frame.item.location && resolve();
    });
    const remote = await Visitor.open({ ...target.endpoint, visitorHeaders: { ...target.endpoint.visitorHeaders, 'x-forwarded-for': '8.8.8.8' } }, 1);
    opened(() => remote.close());
    await Promise.race([located, sleep(20_000)]);
    await settled(target.pid);
    return rssBytes(target.pid) - before;
  });
}

const fixed = (digits: number) => (n: number) => (Number.isNaN(n) ? '–' : n.toFixed(digits));

function printTable(results: Record<TargetName, { a: Awaited<ReturnType<typeof steady>>; b: Awaited<ReturnType<typeof saturation>> }>, o: Options) {
  const { relay, floor, parley } = results;
  /** `against`: the baseline Parley is divided by; `target`: what it is held to, given that ratio and Parley's figure. */
  const rows: Array<{ name: string; value: (r: typeof relay) => number; show: (n: number) => string; against?: TargetName; target?: [string, (ratio: number, value: number) => boolean] }> = [
    { name: 'p50 visitor→agent (ms)', value: (r) => r.a.p50, show: fixed(2), against: 'relay' },
    { name: 'p99 visitor→agent (ms)', value: (r) => r.a.p99, show: fixed(2), against: 'relay', target: ['p99 ≤ 2× relay', (ratio) => ratio <= 2] },
    { name: 'saturation acked (msg/s)', value: (r) => r.b.ackedPerSecond, show: fixed(0), against: 'floor', target: ['≥ 60% of floor', (ratio) => ratio >= 0.6] },
    { name: 'saturation delivered (msg/s)', value: (r) => r.b.deliveredPerSecond, show: fixed(0), against: 'floor' },
    { name: `RSS at ${o.idle + o.chatting} visitors (MB)`, value: (r) => r.a.rss / MB, show: fixed(0), against: 'floor', target: ['≤ 200 MB', (_, mb) => mb <= 200] },
    { name: `CPU at ${o.rate} msg/s (% of a core)`, value: (r) => r.a.cpuPercent, show: fixed(1), against: 'floor' },
    { name: 'lost: acked, not delivered (A+B)', value: (r) => r.a.lost + r.b.lost, show: fixed(0), target: ['0 lost', (_, n) => n === 0] },
  ];
  const header = ['', 'bare relay', 'durable floor', 'parley', 'parley ÷ baseline', 'target', ''];
  const lines = rows.map((row) => {
    const ours = row.value(parley);
    const ratio = row.against ? ours / row.value(results[row.against]) : NaN;
    const verdict = row.target ? (row.target[1](ratio, ours) ? 'met' : 'MISSED') : '';
    const shownRatio = row.against ? `${ratio.toFixed(2)}× ${row.against}` : '';
    return [row.name, row.show(row.value(relay)), row.show(row.value(floor)), row.show(ours), shownRatio, row.target?.[0] ?? '', verdict];
  });
  const widths = header.map((_, i) => Math.max(...[header, ...lines].map((line) => line[i]!.length)));
  for (const line of [header, ...lines]) console.log(`  ${line.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ')}`);
}

export async function load(args: string[] = []) {
  const o = readOptions(args);
  console.log(
    `load: A ${o.idle} idle + ${o.chatting} chatting visitors, ${o.rate} msg/s for ${o.seconds} s, one agent; ` +
      `B ${o['saturation-visitors']} visitors, ${o['in-flight']} in flight, ${o['saturation-seconds']} s (after ${WARMUP_SECONDS} s warm-up)`,
  );
  const results = {} as Parameters<typeof printTable>[0];
  for (const name of ['relay', 'floor', 'parley'] as const) {
    const a = await steady(await startTarget[name](), o);
    const b = await saturation(await startTarget[name](), o);
    results[name] = { a, b };
    const failed = a.failed ? `, ${a.failed} failed to connect (${a.errors.join('; ')})` : '';
    console.log(`  ${name.padEnd(6)} A: ${a.visitors} visitors connected in ${a.connectSeconds.toFixed(1)} s${failed}, RSS ${(a.rssConnected / MB).toFixed(0)} MB before the sends`);
    console.log(`         A: ${a.sent} sent, ${a.acked} acked, ${a.delivered} delivered; B: ${b.unacked} unacked after the drain; other processes took ${a.othersPercent.toFixed(0)}% of a core in A, ${b.othersPercent.toFixed(0)}% in B`);
  }
  printTable(results, o);
  const busiest = Math.max(...Object.values(results).flatMap(({ a, b }) => [a.othersPercent, b.othersPercent]));
  const warning = skewWarning(busiest);
  if (warning) console.log(`  ${warning}`);
  const geoIp = await geoIpCost();
  console.log(`  GeoIP database: +${(geoIp / MB).toFixed(0)} MB RSS once one visitor from a public address (X-Forwarded-For 8.8.8.8) was looked up`);
}
