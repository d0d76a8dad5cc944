import { afterAll, beforeAll } from 'vitest';
import { openRedisPorts } from '../../src/adapters/redis/index.ts';
import type { Bus } from '../../src/ports/bus.ts';
import { startRedis, type TestRedis } from '../support/redis.ts';
import { describeBus } from './bus.contract.ts';

let redis: TestRedis;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(() => redis?.stop());

describeBus(async () => {
  const prefix = redis.prefix();
  // Subscribers throw on purpose in the suite: what they threw is not printed.
  const nodes = await Promise.all(['n1', 'n2'].map((node) => openRedisPorts(redis.url, node, { prefix, deadAfterMs: 60_000, log: () => {} })));
  const buses: [Bus, Bus] = [nodes[0]!.bus, nodes[1]!.bus];
  return {
    nodes: buses,
    close: async () => void (await Promise.all(buses.map((bus) => bus.close()))),
  };
});
