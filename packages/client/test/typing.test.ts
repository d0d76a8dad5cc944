import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TYPING_IDLE_MS, TYPING_REFRESH_MS, TYPING_TIMEOUT_MS } from '@parley/protocol';
import { typingThrottle } from '../src/typing.ts';

describe('typingThrottle', () => {
  let sent: boolean[];
  let connected: boolean;
  const send = (on: boolean) => connected && sent.push(on) > 0;

  beforeEach(() => {
    vi.useFakeTimers();
    sent = [];
    connected = true;
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('refreshes well inside the receiver timeout', () => {
    expect(TYPING_REFRESH_MS * 2).toBeLessThan(TYPING_TIMEOUT_MS);
    expect(TYPING_IDLE_MS).toBeLessThan(TYPING_TIMEOUT_MS);
  });

  it('says on once, refreshes while typing, and says off after a pause', () => {
    const throttle = typingThrottle(send);
    throttle.input();
    throttle.input();
    expect(sent).toEqual([true]);
    vi.advanceTimersByTime(TYPING_REFRESH_MS - 1);
    throttle.input();
    expect(sent).toEqual([true]);
    vi.advanceTimersByTime(1);
    throttle.input();
    expect(sent).toEqual([true, true]);
    vi.advanceTimersByTime(TYPING_IDLE_MS - 1);
    expect(sent).toEqual([true, true]);
    vi.advanceTimersByTime(1);
    expect(sent).toEqual([true, true, false]);
    vi.advanceTimersByTime(60_000);
    expect(sent).toEqual([true, true, false]);
  });

  it('keeps on while keys come faster than the pause, however long', () => {
    const throttle = typingThrottle(send);
    for (let key = 0; key < 20; key++) {
      throttle.input();
      vi.advanceTimersByTime(TYPING_IDLE_MS - 100);
    }
    expect(sent).not.toContain(false);
    expect(sent.length).toBeGreaterThan(1);
  });

  it('says off on stop only when it said on', () => {
    const throttle = typingThrottle(send);
    throttle.stop();
    expect(sent).toEqual([]);
    throttle.input();
    throttle.stop();
    vi.advanceTimersByTime(60_000);
    expect(sent).toEqual([true, false]);
  });

  it('tries on again at the next key when it could not be sent, and says no off for it', () => {
    const throttle = typingThrottle(send);
    connected = false;
    throttle.input();
    vi.advanceTimersByTime(60_000);
    connected = true;
    throttle.input();
    expect(sent).toEqual([true]);
  });
});
