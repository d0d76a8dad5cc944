/** When a closed site opens next, from its hours in its time zone: across days, weeks and changes of clocks. */
import { describe, expect, it } from 'vitest';
import { isOpen, nextOpening } from '../src/index.ts';

const utc = (y: number, m: number, d: number, h: number, min = 0) => Date.UTC(y, m - 1, d, h, min);

describe('nextOpening', () => {
  it('is null without hours, and now while open', () => {
    expect(nextOpening('', 'UTC', utc(2026, 11, 23, 3))).toBeNull();
    const monday10 = utc(2026, 11, 23, 10, 15) + 30_000;
    expect(nextOpening('mon-fri 09:00-17:00', 'UTC', monday10)).toBe(monday10);
  });

  it('is later the same day before opening, and the next day after closing', () => {
    // Monday 2026-11-23.
    expect(nextOpening('mon-fri 09:00-17:00', 'UTC', utc(2026, 11, 23, 7, 59) + 42_000)).toBe(utc(2026, 11, 23, 9));
    expect(nextOpening('mon-fri 09:00-17:00', 'UTC', utc(2026, 11, 23, 17))).toBe(utc(2026, 11, 24, 9));
    expect(nextOpening('mon 09:00-12:00, mon 13:00-17:00', 'UTC', utc(2026, 11, 23, 12, 30))).toBe(utc(2026, 11, 23, 13));
  });

  it('skips the weekend and wraps round the week', () => {
    // Friday 2026-11-27 18:00 → Monday 2026-11-30 09:00; Monday after closing → next Monday.
    expect(nextOpening('mon-fri 09:00-17:00', 'UTC', utc(2026, 11, 27, 18))).toBe(utc(2026, 11, 30, 9));
    expect(nextOpening('mon 09:00-17:00', 'UTC', utc(2026, 11, 23, 17, 30))).toBe(utc(2026, 11, 30, 9));
    expect(nextOpening('sun 22:00-24:00', 'UTC', utc(2026, 11, 29, 23, 59) + 59_000)).toBe(utc(2026, 11, 29, 23, 59) + 59_000);
    expect(nextOpening('fri-mon 10:00-11:00', 'UTC', utc(2026, 11, 24, 12))).toBe(utc(2026, 11, 27, 10));
  });

  it('reads the hours in the site time zone', () => {
    // 09:00 in Tokyo (UTC+9) on Tuesday 2026-11-24 is 00:00 UTC that day.
    expect(nextOpening('mon-fri 09:00-17:00', 'Asia/Tokyo', utc(2026, 11, 23, 12))).toBe(utc(2026, 11, 24, 0));
    // 09:00 in New York (UTC-5) is 14:00 UTC.
    expect(nextOpening('mon-fri 09:00-17:00', 'America/New_York', utc(2026, 11, 23, 3))).toBe(utc(2026, 11, 23, 14));
  });

  it('keeps the wall-clock time across changes of clocks', () => {
    // Oslo springs forward on Sunday 2026-03-29 (02:00 CET → 03:00 CEST): 09:00 that Sunday is 07:00 UTC.
    expect(nextOpening('sun 09:00-17:00', 'Europe/Oslo', utc(2026, 3, 28, 17))).toBe(utc(2026, 3, 29, 7));
    // And falls back on Sunday 2026-10-25 (03:00 CEST → 02:00 CET): 09:00 that Sunday is 08:00 UTC.
    expect(nextOpening('sun 09:00-17:00', 'Europe/Oslo', utc(2026, 10, 24, 16))).toBe(utc(2026, 10, 25, 8));
    // A week across the change: from Monday 2026-03-23 (CET) to Monday 2026-03-30 09:00 CEST.
    expect(nextOpening('mon 09:00-10:00', 'Europe/Oslo', utc(2026, 3, 23, 12))).toBe(utc(2026, 3, 30, 7));
    // New York springs forward on 2026-03-08: Monday 09:00 EDT is 13:00 UTC.
    expect(nextOpening('mon-fri 09:00-17:00', 'America/New_York', utc(2026, 3, 6, 23))).toBe(utc(2026, 3, 9, 13));
  });

  it('always lands on an open minute, whenever it is asked', () => {
    const hours = 'mon-fri 08:30-12:00, mon-fri 13:00-17:45, sat 10:00-14:00';
    for (let t = utc(2026, 3, 25, 0); t < utc(2026, 4, 2, 0); t += 37 * 60_000) {
      const at = nextOpening(hours, 'Europe/Oslo', t)!;
      expect(at).toBeGreaterThanOrEqual(t);
      expect(isOpen(hours, 'Europe/Oslo', at)).toBe(true);
      if (at > t) expect(isOpen(hours, 'Europe/Oslo', at - 60_000)).toBe(false);
    }
  });
});
