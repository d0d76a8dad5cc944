import { beforeAll, describe, expect, test, vi } from 'vitest';
import { watchLanguage } from '../src/i18n.ts';
import { connected } from '../src/store.ts';
import { backText, clock, dayLabel, daysBetween } from '../src/panel/when.ts';

// Monday 1 December 2026, 22:30 in Berlin (21:30 UTC): late enough that "tomorrow" differs between zones.
const NOW = Date.parse('2026-12-01T21:30:00Z');
const BERLIN = 'Europe/Berlin';

// The words ("Today", "We're back…") are the English strings, loaded as the panel loads them.
beforeAll(async () => {
  vi.stubGlobal('navigator', { languages: ['en-GB'], language: 'en-GB' });
  connected.value = true;
  await watchLanguage();
  vi.unstubAllGlobals();
});

describe('daysBetween', () => {
  test('counts calendar days where the visitor is, not 24-hour spans', () => {
    expect(daysBetween(NOW, Date.parse('2026-12-01T23:30:00Z'), BERLIN)).toBe(1);
    expect(daysBetween(NOW, Date.parse('2026-12-01T23:30:00Z'), 'UTC')).toBe(0);
    expect(daysBetween(NOW, Date.parse('2026-11-30T08:00:00Z'), BERLIN)).toBe(-1);
  });
});

describe('backText', () => {
  test('today, tomorrow, a weekday within the week, a date after it; in the visitor’s time zone', () => {
    expect(backText(Date.parse('2026-12-01T22:00:00Z'), Date.parse('2026-12-01T15:00:00Z'), 'en-GB', BERLIN)).toBe("We're back today at 23:00");
    expect(backText(Date.parse('2026-12-02T08:00:00Z'), NOW, 'en-GB', BERLIN)).toBe("We're back tomorrow at 09:00");
    expect(backText(Date.parse('2026-12-07T08:00:00Z'), NOW, 'en-GB', BERLIN)).toBe("We're back on Monday at 09:00");
    expect(backText(Date.parse('2026-12-14T08:00:00Z'), NOW, 'en-GB', BERLIN)).toBe("We're back on 14 December at 09:00");
  });

  test('the time follows the language’s clock', () => {
    expect(backText(Date.parse('2026-12-02T08:00:00Z'), NOW, 'en-US', BERLIN)).toBe("We're back tomorrow at 09:00 AM");
  });
});

describe('the log’s times', () => {
  test('a message’s time of day', () => {
    expect(clock(Date.parse('2026-12-01T08:05:00Z'), 'de', BERLIN)).toBe('09:05');
  });

  test('Today, Yesterday, else the date, with the year only when it is another one', () => {
    expect(dayLabel(NOW - 3_600_000, NOW, 'en-GB', BERLIN)).toBe('Today');
    expect(dayLabel(Date.parse('2026-11-30T10:00:00Z'), NOW, 'en-GB', BERLIN)).toBe('Yesterday');
    expect(dayLabel(Date.parse('2026-11-20T10:00:00Z'), NOW, 'en-GB', BERLIN)).toBe('Friday 20 November');
    expect(dayLabel(Date.parse('2025-11-20T10:00:00Z'), NOW, 'en-GB', BERLIN)).toBe('Thursday, 20 November 2025');
  });
});
