/** Per-site settings: their defaults, and how `parley site set NAME=VALUE` reads them (durations in seconds). */
import * as v from 'valibot';
import { parseHours, validTimeZone } from './business-hours.ts';

const seconds = (max: number) =>
  v.pipe(v.string(), v.regex(/^\d+$/, 'a duration is a whole number of seconds'), v.transform(Number), v.maxValue(max));
const DAY = 86_400;
const onOff = (name: string) => v.pipe(v.picklist(['on', 'off'], `${name} is on or off`), v.transform((s) => s === 'on'));

/** Each setting: its default and the schema that reads its CLI value. */
export const SITE_SETTINGS = {
  chat: { default: true, read: onOff('chat'), doc: 'on | off: off shows visitors the offline form' },
  hours: {
    default: '',
    read: v.pipe(
      v.string(),
      v.trim(),
      v.check((text) => parseHours(text).ok, (issue) => { const r = parseHours(String(issue.input)); return r.ok ? '' : r.message; }),
    ),
    doc: 'opening hours such as "mon-fri 09:00-17:00, sat 10:00-14:00"; empty: always open',
  },
  timezone: { default: 'UTC', read: v.pipe(v.string(), v.trim(), v.check(validTimeZone, 'timezone is an IANA name such as Europe/Oslo')), doc: 'the time zone of hours' },
  storeIp: { default: true, read: onOff('storeIp'), doc: "on | off: off keeps only the visitor's resolved location, never their IP" },
  emailDelay: { default: 120, read: seconds(7 * DAY), doc: 'seconds an unseen agent reply waits before it is emailed' },
  soonAfter: { default: 120, read: seconds(7 * DAY), doc: 'seconds a waiting visitor is shown to agents as "reply soon"' },
  overdueAfter: { default: 600, read: seconds(30 * DAY), doc: 'seconds a waiting visitor is shown to agents as "overdue"' },
  autoCloseAfter: { default: 0, read: seconds(365 * DAY), doc: 'seconds of silence after which a conversation closes; 0: never' },
  team: { default: '', read: v.pipe(v.string(), v.trim(), v.maxLength(60)), doc: 'the team whose agents answer this site; empty: every agent' },
} as const;

export type SiteSettingName = keyof typeof SITE_SETTINGS;
export type SiteSettings = { [K in SiteSettingName]: (typeof SITE_SETTINGS)[K]['default'] extends boolean ? boolean : (typeof SITE_SETTINGS)[K]['default'] extends number ? number : string };

export function siteSettings(stored: Record<string, unknown>): SiteSettings {
  const out: Record<string, unknown> = {};
  for (const [name, setting] of Object.entries(SITE_SETTINGS)) out[name] = stored[name] ?? setting.default;
  return out as SiteSettings;
}

/** Reads `NAME=VALUE` into a setting, or says what is wrong. */
export function readSetting(assignment: string): { ok: true; name: SiteSettingName; value: unknown } | { ok: false; message: string } {
  const eq = assignment.indexOf('=');
  const name = assignment.slice(0, eq);
  if (eq < 1 || !(name in SITE_SETTINGS)) {
    return { ok: false, message: `"${assignment}" is not NAME=VALUE with NAME one of: ${Object.keys(SITE_SETTINGS).join(', ')}, name, origins.` };
  }
  const setting = SITE_SETTINGS[name as SiteSettingName];
  const result = v.safeParse(setting.read as v.GenericSchema, assignment.slice(eq + 1));
  return result.success ? { ok: true, name: name as SiteSettingName, value: result.output } : { ok: false, message: `${name}: ${result.issues[0].message}` };
}
