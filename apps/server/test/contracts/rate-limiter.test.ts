import { describe, expect, it } from 'vitest';
import { createMemoryRateLimiter } from '../../src/adapters/memory/rate-limiter.ts';
import { describeRateLimiter } from './rate-limiter.contract.ts';

describeRateLimiter(async () => {
  const limiter = createMemoryRateLimiter();
  return { nodes: [limiter, limiter], close: async () => {} };
});

describe('the in-process rate limiter', () => {
  it('forgets keys whose events all left the window, so memory stays bounded', async () => {
    const limiter = createMemoryRateLimiter();
    const rule = { limit: 5, windowMs: 1000 };
    for (let i = 0; i < 3000; i++) await limiter.take(`old ${i}`, rule, 0);
    for (let i = 0; i < 3000; i++) await limiter.take(`new ${i}`, rule, 5000);
    expect(limiter.size).toBe(3000);
    await limiter.peek('new 0', rule, 7000);
    expect(limiter.size).toBe(2999);
  });
});
