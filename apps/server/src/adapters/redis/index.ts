/** The Redis adapters a node uses when PARLEY_REDIS_URL is set: bus, presence and rate limiter, shared by every node. */
import { connectRedis } from './client.ts';
import { createRedisBus, type RedisBus } from './bus.ts';
import { createRedisPresence, type RedisPresence } from './presence.ts';
import { createRedisRateLimiter } from './rate-limiter.ts';
import type { RateLimiter } from '../../ports/rate-limiter.ts';

export interface RedisPortsOptions {
  /** Starts every key and channel: tests give each run its own. */
  prefix?: string;
  /** A node that stops beating is dropped from presence within this (the dead-socket time). */
  deadAfterMs: number;
  log?(line: string): void;
}

export interface RedisPorts {
  /** Closing the bus (core.close does, last) stops the heartbeat and closes both connections. */
  bus: RedisBus;
  presence: RedisPresence;
  limiter: RateLimiter;
}

/**
 * Two connections: one for commands (presence, limits, publishing), one the bus subscribes on,
 * which Redis then keeps for pub/sub alone. Rejects with a message to act on when Redis cannot be reached.
 */
export async function openRedisPorts(url: string, node: string, options: RedisPortsOptions): Promise<RedisPorts> {
  const { prefix = 'parley:', deadAfterMs, log = console.error } = options;
  const report = (error: unknown) => log(`Redis: ${error instanceof Error ? error.message : String(error)}`);
  const commands = await connectRedis(url, 'commands', log);
  const subscriber = await connectRedis(url, 'bus', log).catch((error: unknown) => {
    commands.destroy();
    throw error;
  });
  // Beats four times within the dead-socket time, so a node dies a quarter of it before it is dropped.
  const presence = createRedisPresence(commands, {
    prefix,
    node,
    ttlMs: (deadAfterMs * 3) / 4,
    beatEveryMs: deadAfterMs / 4,
    report,
  });
  const bus = createRedisBus(commands, subscriber, {
    prefix,
    report,
    async onClose() {
      presence.stop();
      // Its sockets have closed by now; whatever is left of this node goes with it.
      await presence.dropNode(node).catch(report);
      await Promise.all([commands.close(), subscriber.close()]);
    },
  });
  return { bus, presence, limiter: createRedisRateLimiter(commands, prefix) };
}
