import { afterAll, beforeAll } from 'vitest';
import { openRedisPorts } from '../../src/adapters/redis/index.ts';
import { startRedis, type TestRedis } from '../support/redis.ts';
import { describePresence } from './presence.contract.ts';

let redis: TestRedis;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(() => redis?.stop());

// Two nodes, each with its own connections, on one Redis.
describePresence(async () => {
  const prefix = redis.prefix();
  const nodes = await Promise.all(['n1', 'n2'].map((node) => openRedisPorts(redis.url, node, { prefix, deadAfterMs: 60_000 })));
  return {
    nodes: [nodes[0]!.presence, nodes[1]!.presence],
    close: async () => void (await Promise.all(nodes.map((ports) => ports.bus.close()))),
  };
});
