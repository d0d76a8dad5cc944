/** Times in the visitor's language and time zone, through the platform's Intl: message times, day separators, when the team is back. */
import { lang, t } from '../i18n.ts';

const DAY_MS = 86_400_000;

/** The language shown, with the browser's regional habits when it is the same language (en-GB: a 24-hour clock, not the 12 of plain en). */
export function visitorLocale(): string {
  const browser = typeof navigator === 'undefined' ? '' : navigator.language;
  return browser && browser.split('-')[0]!.toLowerCase() === lang.value.split('-')[0] ? browser : lang.value;
}

/** Calendar days from `now` to `at` where the visitor is (0: the same day), whatever the hours between them. */
export function daysBetween(now: number, at: number, timeZone?: string): number {
  const day = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  const midnight = (ms: number) => Date.parse(`${day.format(ms)}T00:00:00Z`);
  return Math.round((midnight(at) - midnight(now)) / DAY_MS);
}

/** The time of day, e.g. 09:05 or 9:05 AM, as the language writes it. */
export function clock(at: number, lang: string, timeZone?: string): string {
  return new Intl.DateTimeFormat(lang, { hour: '2-digit', minute: '2-digit', timeZone }).format(at);
}

/** The log's day separator: "Today", "Yesterday", else the date (with the year when it is not this one). */
export function dayLabel(at: number, now: number, lang: string, timeZone?: string): string {
  const days = daysBetween(now, at, timeZone);
  if (days === 0) return t('today');
  if (days === -1) return t('yesterday');
  const year = (ms: number) => new Intl.DateTimeFormat('en', { year: 'numeric', timeZone }).format(ms);
  return new Intl.DateTimeFormat(lang, {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: year(at) === year(now) ? undefined : 'numeric',
    timeZone,
  }).format(at);
}

/** When the team is back: "today at 09:00", "tomorrow at 09:00", within a week the weekday, later the date. */
export function backText(backAt: number, now: number, lang: string, timeZone?: string): string {
  const time = clock(backAt, lang, timeZone);
  const days = daysBetween(now, backAt, timeZone);
  if (days <= 0) return t('backToday', { time });
  if (days === 1) return t('backTomorrow', { time });
  const day = new Intl.DateTimeFormat(lang, days < 7 ? { weekday: 'long', timeZone } : { day: 'numeric', month: 'long', timeZone }).format(backAt);
  return t('backOn', { day, time });
}
