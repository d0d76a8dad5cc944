/** What the Redis adapters do beyond the contracts: nodes that die, Redis restarting under them. */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openRedisPorts, type RedisPorts } from '../../src/adapters/redis/index.ts';
import type { Offline } from '../../src/adapters/redis/presence.ts';
import { startRedis, type TestRedis } from '../support/redis.ts';
import { startDoomedNode } from '../support/redis-node.ts';

let redis: TestRedis;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(() => redis?.stop());

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(condition: () => boolean | Promise<boolean>, what: string, withinMs = 5000) {
  const deadline = Date.now() + withinMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await pause(10);
  }
}

const opened: RedisPorts[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((ports) => ports.bus.close()));
});

async function node(name: string, prefix: string, options: Partial<Parameters<typeof openRedisPorts>[2]> = {}) {
  const ports = await openRedisPorts(redis.url, name, { prefix, deadAfterMs: 60_000, log: () => {}, ...options });
  opened.push(ports);
  return ports;
}

describe('Redis presence across nodes', () => {
  it('drops a SIGKILLed node within the dead-socket time, and says once who went offline by it', async () => {
    const prefix = redis.prefix();
    const deadAfterMs = 600;
    const expired: Offline[] = [];
    const survivor = await node('b', prefix, { deadAfterMs });
    const watcher = await node('c', prefix, { deadAfterMs });
    for (const ports of [survivor, watcher]) ports.presence.onExpired((offline) => expired.push(offline));
    // Visitor v1 also has a tab on the surviving node: it stays online.
    await survivor.presence.connect({ kind: 'visitor', id: 'v1', siteId: 's1', node: 'b', connection: 'c1' });

    const doomed = await startDoomedNode(redis.url, prefix, 'a', deadAfterMs, [
      { kind: 'visitor', id: 'v1', siteId: 's1', connection: 'c1' },
      { kind: 'visitor', id: 'v2', siteId: 's2', connection: 'c2' },
      { kind: 'agent', id: 'a1', siteId: null, connection: 'c3' },
    ]);
    expect(await survivor.presence.count('visitor', 'v1')).toBe(2);
    expect((await watcher.presence.online('agent')).sort()).toEqual(['a1']);

    await doomed.kill();
    const killedAt = Date.now();
    await until(async () => (await survivor.presence.count('visitor', 'v2')) === 0, 'the dead node to be dropped');
    expect(Date.now() - killedAt).toBeLessThanOrEqual(deadAfterMs + 100);

    await until(() => expired.length > 0, 'the report of who went offline');
    await pause(deadAfterMs / 2);
    expect(expired).toHaveLength(1);
    expect(expired[0]!.map(({ kind, id }) => `${kind}:${id}`).sort()).toEqual(['agent:a1', 'visitor:v2']);
    expect(await watcher.presence.count('visitor', 'v1')).toBe(1);
    expect(await watcher.presence.online('agent')).toEqual([]);
    expect(await watcher.presence.sitesWithVisitors()).toEqual(['s1']);
  });

  it('a node dropped while it was only slow registers its sockets again at its next beat', async () => {
    const prefix = redis.prefix();
    const [slow, other] = [await node('a', prefix), await node('b', prefix)];
    await slow.presence.connect({ kind: 'agent', id: 'a1', siteId: null, node: 'a', connection: 'c1' });
    await slow.presence.connect({ kind: 'visitor', id: 'v1', siteId: 's1', node: 'a', connection: 'c2' });
    await slow.presence.disconnect({ kind: 'visitor', id: 'v1', node: 'a', connection: 'c2' });
    await other.presence.dropNode('a');
    expect(await other.presence.count('agent', 'a1')).toBe(0);
    await slow.presence.beat();
    expect(await other.presence.count('agent', 'a1')).toBe(1);
    // What it let go before being dropped stays gone.
    expect(await other.presence.count('visitor', 'v1')).toBe(0);
  });
});

describe('Redis restarting under running nodes', () => {
  it('nodes reconnect on their own: the bus says so, and what is published after arrives once', async () => {
    const prefix = redis.prefix();
    const [a, b] = [await node('a', prefix), await node('b', prefix)];
    const got: string[] = [];
    b.bus.subscribe(['site:1', 'agents'], (payload) => got.push(payload));
    let reconnects = 0;
    for (const ports of [a, b]) ports.bus.onReconnect(() => reconnects++);
    await until(async () => {
      await a.bus.publish(['site:1'], 'before');
      return got.includes('before');
    }, 'the subscription to be heard');

    await redis.restart();
    // While Redis is away a notice is dropped, not queued: publishing neither fails nor waits.
    await a.bus.publish(['site:1'], 'during');
    await until(() => reconnects === 2, 'both nodes to reconnect');

    await until(async () => {
      await a.bus.publish(['site:1'], 'probe');
      return got.includes('probe');
    }, 'a publish after the restart to arrive');
    got.length = 0;
    await a.bus.publish(['site:1', 'agents'], 'after');
    await a.bus.publish(['agents'], 'end');
    await until(() => got.includes('end'), 'the end marker');
    // Probes the loop sent before the first one came back may still be arriving.
    expect(got.filter((payload) => payload !== 'probe')).toEqual(['after', 'end']);
  });

  it('each node registers the sockets it holds again, as Redis restarted empty', async () => {
    const prefix = redis.prefix();
    const [a, b] = [await node('a', prefix), await node('b', prefix)];
    await a.presence.connect({ kind: 'visitor', id: 'v1', siteId: 's1', node: 'a', connection: 'c1' });
    await b.presence.connect({ kind: 'visitor', id: 'v1', siteId: 's1', node: 'b', connection: 'c1' });
    await b.presence.connect({ kind: 'agent', id: 'a1', siteId: null, node: 'b', connection: 'c2' });
    await a.presence.connect({ kind: 'visitor', id: 'v2', siteId: 's2', node: 'a', connection: 'c3' });
    await a.presence.disconnect({ kind: 'visitor', id: 'v2', node: 'a', connection: 'c3' });

    await redis.restart();
    await until(async () => (await a.presence.count('visitor', 'v1')) === 2 && (await a.presence.count('agent', 'a1')) === 1, 'both nodes to register again');
    expect(await b.presence.online('visitor', 's1')).toEqual(['v1']);
    expect(await b.presence.sitesWithVisitors()).toEqual(['s1']);
    expect(await b.presence.count('visitor', 'v2')).toBe(0);
  });

  it('rate limits carry on after the restart (counted afresh: Redis kept nothing)', async () => {
    const prefix = redis.prefix();
    const a = await node('a', prefix);
    const rule = { limit: 2, windowMs: 60_000 };
    await a.limiter.take('k', rule, 0);
    await a.limiter.take('k', rule, 0);
    expect((await a.limiter.take('k', rule, 0)).ok).toBe(false);
    await redis.restart();
    expect(await a.limiter.take('k', rule, 1)).toEqual({ ok: true, remaining: 1 });
  });
});
