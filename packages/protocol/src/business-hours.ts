/**
 * A site's opening hours, written as the operator would: `mon-fri 09:00-17:00, sat 10:00-14:00`,
 * read in the site's IANA time zone. Empty means always open.
 */
const DAY_MINUTES = 24 * 60;
const WEEK_MINUTES = 7 * DAY_MINUTES;
const MINUTE = 60_000;
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

/**
 * The first moment at or after `now` inside the hours (`now` itself when open); null when there
 * are no hours (always open). Jumps to the next opening in the zone's wall time; across a change
 * of clocks it lands off by the change, and steps back or on by it.
 */
export function nextOpening(hours: string, timeZone: string, now: number): number | null {
  const parsed = parseHours(hours);
  if (!parsed.ok || parsed.spans.length === 0) return null;
  const { spans } = parsed;
  const weekMinute = (t: number) => {
    const { day, minute } = localTime(t, timeZone);
    return day * DAY_MINUTES + minute;
  };
  const open = (t: number) => {
    const at = weekMinute(t);
    return spans.some((span) => at >= span.day * DAY_MINUTES + span.from && at < span.day * DAY_MINUTES + span.to);
  };
  if (open(now)) return now;
  let t = Math.floor(now / MINUTE) * MINUTE;
  // Each turn moves on by at least a minute, to the next opening in wall time: a week of spans is a few dozen turns.
  for (let turn = 0; turn < 2 * spans.length + 8; turn++) {
    const here = weekMinute(t);
    const wait = Math.min(...spans.map((span) => (span.day * DAY_MINUTES + span.from - here + WEEK_MINUTES) % WEEK_MINUTES || WEEK_MINUTES));
    t += wait * MINUTE;
    const drift = ((weekMinute(t) - (here + wait) + WEEK_MINUTES * 1.5) % WEEK_MINUTES) - WEEK_MINUTES / 2;
    const meant = t - drift * MINUTE;
    if (drift !== 0 && meant > now && open(meant)) return meant;
    // An opening inside the hour the clocks skipped: the first open minute after the change.
    if (open(t)) return t;
  }
  return null;
}

export function validTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}
