/** The coalescer behind typing relays and page writes: first value at once, the last of a window at its end, nothing lost at a clean stop. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { coalescer } from '../src/core/coalesce.ts';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

function recorder(news?: (a: number, b: number) => boolean) {
  const delivered: [string, number][] = [];
  const tracked: Promise<void>[] = [];
  const c = coalescer<number>({
    windowMs: 1000,
    deliver: async (key, value) => void delivered.push([key, value]),
    news,
    track: (p) => void tracked.push(p),
  });
  return { c, delivered, tracked };
}

describe('coalescer', () => {
  it('delivers the first value at once and only the last of its window at the end, per key', async () => {
    const { c, delivered } = recorder();
    for (let i = 1; i <= 1000; i++) await c.push('a', i);
    await c.push('b', 7);
    expect(delivered).toEqual([['a', 1], ['b', 7]]);
    vi.advanceTimersByTime(1000);
    expect(delivered).toEqual([['a', 1], ['b', 7], ['a', 1000]]);
    // The trailing delivery opened a window of its own: a value right after it waits too.
    await c.push('a', 1001);
    expect(delivered).toHaveLength(3);
    vi.advanceTimersByTime(1000);
    expect(delivered.at(-1)).toEqual(['a', 1001]);
    vi.advanceTimersByTime(5000);
    await c.push('a', 1002);
    expect(delivered.at(-1)).toEqual(['a', 1002]);
  });

  it('skips a held value that says nothing new', async () => {
    const { c, delivered } = recorder((before, after) => before !== after);
    await c.push('a', 1);
    await c.push('a', 2);
    await c.push('a', 1);
    vi.advanceTimersByTime(1000);
    expect(delivered).toEqual([['a', 1]]);
  });

  it('delivers what it holds when flushed, and then holds nothing', async () => {
    const { c, delivered, tracked } = recorder();
    await c.push('a', 1);
    await c.push('a', 2);
    await c.push('b', 3);
    c.flush();
    await Promise.all(tracked);
    expect(delivered).toEqual([['a', 1], ['b', 3], ['a', 2]]);
    vi.advanceTimersByTime(5000);
    expect(delivered).toHaveLength(3);
  });
});
