/**
 * A site's opening hours, written as the operator would: `mon-fri 09:00-17:00, sat 10:00-14:00`,
 * read in the site's IANA time zone. Empty means always open.
 */
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

export interface Span {
  day: number;
  /** Minutes since midnight, end exclusive. */
  from: number;
  to: number;
}

function minutes(hhmm: string): number | null {
  const match = /^(\d{1,2}):(\d{2})$/.exec(hhmm);
  if (!match) return null;
  const [h, m] = [Number(match[1]), Number(match[2])];
  return h <= 24 && m < 60 && h * 60 + m <= 24 * 60 ? h * 60 + m : null;
}

/** The spans a schedule names, or a message saying what is wrong with it. */
export function parseHours(text: string): { ok: true; spans: Span[] } | { ok: false; message: string } {
  const spans: Span[] = [];
  for (const part of text.split(',').map((p) => p.trim().toLowerCase()).filter(Boolean)) {
    const match = /^([a-z]{3})(?:-([a-z]{3}))?\s+(\d{1,2}:\d{2})-(\d{1,2}:\d{2})$/.exec(part);
    const first = match ? DAYS.indexOf(match[1]!) : -1;
    const last = match?.[2] ? DAYS.indexOf(match[2]) : first;
    const from = match ? minutes(match[3]!) : null;
    const to = match ? minutes(match[4]!) : null;
    if (first < 0 || last < 0 || from === null || to === null || from >= to) {
      return { ok: false, message: `"${part}" is not like "mon-fri 09:00-17:00" (days sun..sat, 24-hour times, start before end)` };
    }
    for (let day = first; ; day = (day + 1) % 7) {
      spans.push({ day, from, to });
      if (day === last) break;
    }
  }
  return { ok: true, spans };
}

const clocks = new Map<string, Intl.DateTimeFormat>();

/** Weekday and minutes since midnight at `now` in `timeZone`. */
function localTime(now: number, timeZone: string): { day: number; minute: number } {
  let clock = clocks.get(timeZone);
  if (!clock) {
    clock = new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    clocks.set(timeZone, clock);
  }
  const parts = Object.fromEntries(clock.formatToParts(now).map((p) => [p.type, p.value]));
  return { day: DAYS.indexOf(String(parts.weekday).toLowerCase()), minute: Number(parts.hour) * 60 + Number(parts.minute) };
}

export function isOpen(hours: string, timeZone: string, now: number): boolean {
  const parsed = parseHours(hours);
  if (!parsed.ok || parsed.spans.length === 0) return true;
  const { day, minute } = localTime(now, timeZone);
  return parsed.spans.some((span) => span.day === day && minute >= span.from && minute < span.to);
}

export function validTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}
