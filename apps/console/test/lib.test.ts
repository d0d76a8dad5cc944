import { afterEach, describe, expect, it, vi } from 'vitest';
import { TYPING_TIMEOUT_MS } from '@parley/protocol';
import { reconnectDelay } from '../src/lib/backoff.ts';
import { newClientId } from '../src/lib/client-id.ts';
import { conversationPath, parseRoute } from '../src/lib/route.ts';
import { relativeTime } from '../src/lib/time.ts';
import { typingThrottle } from '../src/lib/typing-throttle.ts';

describe('reconnectDelay', () => {
  it('doubles from half a second, within half to all of it', () => {
    expect(reconnectDelay(0, () => 0)).toBe(250);
    expect(reconnectDelay(0, () => 1)).toBe(500);
    expect(reconnectDelay(3, () => 0.5)).toBe(3000);
  });

  it('is capped at 30 seconds', () => {
    expect(reconnectDelay(20, () => 1)).toBe(30_000);
    expect(reconnectDelay(20, () => 0)).toBe(15_000);
  });
});

describe('newClientId', () => {
  it('makes distinct URL-safe ids of 21 characters', () => {
    const a = newClientId();
    expect(a).toMatch(/^[\w-]{21}$/);
    expect(newClientId()).not.toBe(a);
  });
});

describe('parseRoute', () => {
  it('reads the setup token', () => {
    expect(parseRoute('/console/setup', '?token=abc', '/console/')).toEqual({ name: 'setup', token: 'abc' });
    expect(parseRoute('/console/setup', '', '/console/')).toEqual({ name: 'setup', token: '' });
  });

  it('reads a selected conversation and round-trips its path', () => {
    const path = conversationPath('/console/', 'a b/c');
    expect(parseRoute(path, '', '/console/')).toEqual({ name: 'inbox', conversationId: 'a b/c' });
  });

  it('reads the visitors and sent mail views', () => {
    expect(parseRoute('/console/visitors', '', '/console/')).toEqual({ name: 'visitors' });
    expect(parseRoute('/console/mail', '', '/console/')).toEqual({ name: 'mail' });
  });

  it('falls back to the inbox for anything else', () => {
    for (const path of ['/console/', '/console', '/console/nope/deeper', '/elsewhere']) {
      expect(parseRoute(path, '', '/console/')).toEqual({ name: 'inbox', conversationId: null });
    }
  });
});

describe('relativeTime', () => {
  const now = Date.UTC(2025, 5, 15, 12);
  it('reads as a short age', () => {
    expect(relativeTime(now - 10_000, now)).toBe('now');
    expect(relativeTime(now + 5_000, now)).toBe('now');
    expect(relativeTime(now - 5 * 60_000, now)).toBe('5m');
    expect(relativeTime(now - 3 * 3_600_000, now)).toBe('3h');
    expect(relativeTime(now - 2 * 86_400_000, now)).toBe('2d');
  });
});

describe('typingThrottle', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('says on once, refreshes while typing, and says off after a pause', () => {
    vi.useFakeTimers();
    const sent: boolean[] = [];
    const throttle = typingThrottle((on) => sent.push(on));
    throttle.input();
    throttle.input();
    expect(sent).toEqual([true]);
    vi.advanceTimersByTime(TYPING_TIMEOUT_MS / 2 - 1);
    throttle.input();
    expect(sent).toEqual([true]);
    vi.advanceTimersByTime(1);
    throttle.input();
    expect(sent).toEqual([true, true]);
    vi.advanceTimersByTime(10_000);
    expect(sent).toEqual([true, true, false]);
  });

  it('says off on stop only when it said on', () => {
    vi.useFakeTimers();
    const sent: boolean[] = [];
    const throttle = typingThrottle((on) => sent.push(on));
    throttle.stop();
    expect(sent).toEqual([]);
    throttle.input();
    throttle.stop();
    vi.advanceTimersByTime(10_000);
    expect(sent).toEqual([true, false]);
  });
});
