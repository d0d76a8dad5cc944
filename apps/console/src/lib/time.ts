/** How times read in the console: short ages in the list, clock times in a thread, "Last active" ages and time on site. */
import { strings } from '../strings.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** "now", "5m", "3h", "2d", then a date. */
export function relativeTime(at: number, now: number): string {
  const age = Math.max(0, now - at);
  if (age < MINUTE) return strings.time.now;
  if (age < HOUR) return strings.time.minutesShort(Math.floor(age / MINUTE));
  if (age < DAY) return strings.time.hoursShort(Math.floor(age / HOUR));
  if (age < 7 * DAY) return strings.time.daysShort(Math.floor(age / DAY));
  return new Date(at).toLocaleDateString(undefined, { day: 'numeric', month: 'short' });
}

/** The clock time, with the date in front when it is not today. */
export function messageTime(at: number, now: number): string {
  const date = new Date(at);
  const time = date.toLocaleTimeString(undefined, { hour: 'numeric', minute: '2-digit' });
  if (date.toDateString() === new Date(now).toDateString()) return time;
  return `${date.toLocaleDateString(undefined, { day: 'numeric', month: 'short' })}, ${time}`;
}

export function fullTime(at: number): string {
  return new Date(at).toLocaleString();
}

/** "just now" under a minute, then "2 min ago", "3 h ago", "2 days ago". */
export function lastActive(at: number, now: number): string {
  const age = Math.max(0, now - at);
  if (age < MINUTE) return strings.time.justNow;
  if (age < HOUR) return strings.time.minutesAgo(Math.floor(age / MINUTE));
  if (age < DAY) return strings.time.hoursAgo(Math.floor(age / HOUR));
  return strings.time.daysAgo(Math.floor(age / DAY));
}

/** A span as a ticking clock reads it: "45s", "4m 12s", "1h 05m". */
export function duration(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  if (hours > 0) return strings.time.clockHours(hours, String(minutes).padStart(2, '0'));
  if (minutes > 0) return strings.time.clockMinutes(minutes, String(seconds % 60).padStart(2, '0'));
  return strings.time.clockSeconds(seconds);
}
