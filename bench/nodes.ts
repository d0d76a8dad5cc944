/**
 * `pnpm bench nodes`: one node against two on the load of `pnpm bench load` (its scenarios A and B),
 * both on the shared services (one database, one Redis) behind the test load balancer, beside the
 * embedded single node (SQLite, in-process bus) reached directly. Same options as `pnpm bench load`,
 * with a short run by default.
 */
import { startBalancer } from '../apps/server/test/support/balancer.ts';
import { sharedDatabase } from '../apps/server/test/support/nodes.ts';
import { startRedis } from '../apps/server/test/support/redis.ts';
import { type Options, readOptions, saturation, steady } from './load.ts';
import { startParleyTarget, type Target } from './load-targets.ts';
import { createParley, freePort } from './parley-server.ts';

/** Tens of seconds in all: each scenario on each setup is a fresh start. */
const SHORT: Partial<Options> = { seconds: 6, idle: 1_000, chatting: 200, rate: 100, 'saturation-seconds': 4, 'saturation-visitors': 50, 'in-flight': 100 };
const AGENT = { email: 'agent@bench.example', password: 'bench-password-1' };

/** `count` Parley nodes on one database and one Redis, started together, reached through one balancer; CPU and memory are node A's. */
async function startNodes(count: number): Promise<Target> {
  const ports = await Promise.all(Array.from({ length: count }, () => freePort()));
  const [balancer, redis, database] = await Promise.all([startBalancer(ports), startRedis(), sharedDatabase()]);
  const origin = balancer.url;
  const env = { ...database.env, PARLEY_REDIS_URL: redis.url, PARLEY_PUBLIC_URL: origin };
  const nodes = await Promise.all(ports.map((port) => createParley({ ...env, PORT: String(port) })));
  const stop = async () => {
    await Promise.all(nodes.map((node) => node.destroy()));
    await Promise.all([balancer.close(), redis.stop()]);
    await database.destroy();
  };
  try {
    nodes[0]!.cli('agent', 'add', '--email', AGENT.email, '--password', AGENT.password, '--name', 'Bench agent');
    const started = await Promise.all(nodes.map((node) => node.start()));
    // Of nodes starting together one makes the demo site; the database says which it is.
    const store = await database.open();
    const demoSiteKey = (await store.sites.list()).find((site) => site.isDemo)?.key;
    await store.close();
    if (!demoSiteKey) throw new Error('First start made no demo site.');
    nodes[0]!.cli('site', 'set', demoSiteKey, 'messageBurst=0', 'messagesPerHour=0', 'newVisitors=0', 'newConversations=0');
    const res = await fetch(`${origin}/api/login`, { method: 'POST', headers: { origin, 'content-type': 'application/json' }, body: JSON.stringify(AGENT) });
    if (res.status !== 200) throw new Error(`sign-in through the balancer failed: ${res.status} ${await res.text()}`);
    const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
    const base = origin.replace('http:', 'ws:');
    return {
      pid: started[0]!.pid,
      endpoint: {
        visitorUrl: `${base}/ws/visitor?site=${demoSiteKey}`,
        visitorHeaders: { origin },
        siteKey: demoSiteKey,
        agentUrl: `${base}/ws/agent`,
        agentHeaders: { cookie, origin },
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

const SETUPS = {
  embedded: { title: 'embedded (SQLite, direct)', start: () => startParleyTarget() },
  one: { title: '1 node via balancer', start: () => startNodes(1) },
  two: { title: '2 nodes via balancer', start: () => startNodes(2) },
} as const;

export async function nodes(args: string[] = []) {
  const o = readOptions(args, SHORT);
  console.log(
    `nodes: A ${o.idle} idle + ${o.chatting} chatting visitors, ${o.rate} msg/s for ${o.seconds} s, one agent; ` +
      `B ${o['saturation-visitors']} visitors, ${o['in-flight']} in flight, ${o['saturation-seconds']} s; nodes share one database and one Redis`,
  );
  const results = {} as Record<keyof typeof SETUPS, { a: Awaited<ReturnType<typeof steady>>; b: Awaited<ReturnType<typeof saturation>> }>;
  for (const [name, setup] of Object.entries(SETUPS) as Array<[keyof typeof SETUPS, (typeof SETUPS)[keyof typeof SETUPS]]>) {
    const a = await steady(await setup.start(), o);
    const b = await saturation(await setup.start(), o);
    results[name] = { a, b };
    const failed = a.failed ? `, ${a.failed} failed to connect (${a.errors.join('; ')})` : '';
    console.log(`  ${setup.title}: A ${a.visitors} visitors${failed}, ${a.sent} sent, ${a.acked} acked, ${a.delivered} delivered; B ${b.unacked} unacked after the drain`);
  }
  const fixed = (digits: number) => (n: number) => (Number.isNaN(n) ? '–' : n.toFixed(digits));
  const rows: Array<[string, (r: (typeof results)['one']) => number, (n: number) => string]> = [
    ['saturation acked (msg/s)', (r) => r.b.ackedPerSecond, fixed(0)],
    ['saturation delivered (msg/s)', (r) => r.b.deliveredPerSecond, fixed(0)],
    [`p50 visitor→agent at ${o.rate} msg/s (ms)`, (r) => r.a.p50, fixed(2)],
    [`p99 visitor→agent at ${o.rate} msg/s (ms)`, (r) => r.a.p99, fixed(2)],
    ['lost: acked, not delivered (A+B)', (r) => r.a.lost + r.b.lost, fixed(0)],
  ];
  const ratio = (n: number) => (Number.isFinite(n) ? `${n.toFixed(2)}×` : '–');
  const header = ['', ...Object.values(SETUPS).map((s) => s.title), '2 nodes ÷ 1 node'];
  const lines = rows.map(([name, value, show]) => [name, show(value(results.embedded)), show(value(results.one)), show(value(results.two)), ratio(value(results.two) / value(results.one))]);
  const widths = header.map((_, i) => Math.max(...[header, ...lines].map((line) => line[i]!.length)));
  for (const line of [header, ...lines]) console.log(`  ${line.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ')}`);
}
