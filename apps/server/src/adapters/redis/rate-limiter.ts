/**
 * The RateLimiter over Redis, shared by every node: each key's event times in a list, oldest first,
 * as the in-process limiter keeps them, and decided by one script so takes from many nodes at once
 * never pass more than the limit.
 */
import type { RateDecision, RateLimiter, RateRule } from '../../ports/rate-limiter.ts';
import { luaScript, type RedisClient } from './client.ts';

/**
 * Drops the times that left the window, then decides; with ARGV[4] = '1' also counts the event when
 * it is allowed. The key lives a window after its latest event, when none of its times counts any more.
 * Replies { 1, remaining } or { 0, retryAfterMs }.
 */
const decide = luaScript(`
local key = KEYS[1]
local limit, window, now = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
while true do
  local oldest = redis.call('LINDEX', key, 0)
  if not oldest or tonumber(oldest) > now - window then break end
  redis.call('LPOP', key)
end
local counted = redis.call('LLEN', key)
if counted < limit then
  if ARGV[4] == '1' then
    redis.call('RPUSH', key, ARGV[3])
    redis.call('PEXPIRE', key, window)
  end
  return { 1, limit - counted - 1 }
end
-- One more is allowed once all but limit - 1 of the counted events left the window.
local freeing = tonumber(redis.call('LINDEX', key, counted - limit)) or now
return { 0, freeing + window - now }
`);

export function createRedisRateLimiter(client: RedisClient, prefix: string): RateLimiter {
  const keyOf = (key: string) => `${prefix}limit:${key}`;
  async function run(key: string, rule: RateRule, now: number, count: boolean): Promise<RateDecision> {
    const [ok, value] = await decide<[number, number]>(client, [keyOf(key)], [rule.limit, rule.windowMs, now, count ? '1' : '0']);
    return ok === 1 ? { ok: true, remaining: value } : { ok: false, retryAfterMs: value };
  }
  return {
    take: (key, rule, now) => run(key, rule, now, true),
    peek: (key, rule, now) => run(key, rule, now, false),
    async reset(key) {
      await client.del(keyOf(key));
    },
    async refund(key) {
      // The latest event is the list's tail; an emptied list is deleted by Redis itself.
      await client.rPop(keyOf(key));
    },
  };
}
