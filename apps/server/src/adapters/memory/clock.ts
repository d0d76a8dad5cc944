/** Clocks: the system's for running, and one moved by hand for tests. */
import type { Clock } from '../../ports/clock.ts';

export const systemClock: Clock = { now: () => Date.now() };

export interface ManualClock extends Clock {
  /** Moves time forward by `ms`. */
  advance(ms: number): void;
  /** Sets the time, in epoch milliseconds. */
  set(ms: number): void;
}

export function createManualClock(start: number): ManualClock {
  let time = start;
  return {
    now: () => time,
    advance(ms) {
      time += ms;
    },
    set(ms) {
      time = ms;
    },
  };
}
