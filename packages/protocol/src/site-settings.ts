/** Per-site settings: their defaults, and how `parley site set NAME=VALUE` reads them (durations in seconds). */
import * as v from 'valibot';
import { parseHours, validTimeZone } from './business-hours.ts';
import { DEFAULT_UPLOAD_MAX_BYTES, DEFAULT_UPLOAD_TYPES, FILE_TYPES, MAX_UPLOAD_BYTES, uploadKinds } from './files.ts';
import { MAX_GREETING_LENGTH, MAX_MESSAGE_LENGTH, MAX_NAME_LENGTH, MAX_TEAM_NAME_LENGTH, MAX_URL_LENGTH } from './limits.ts';
import { callLinkProblem, DEFAULT_CALL_LINK } from './call-link.ts';
import { cleanString } from './text.ts';
import { DEFAULT_BRAND_COLOR, LAUNCHER_ICONS, WIDGET_LANGUAGES, WIDGET_POSITIONS } from './widget-config.ts';

const wholeNumber = (max: number, message: string) => v.pipe(v.string(), v.regex(/^\d+$/, message), v.transform(Number), v.maxValue(max));
const seconds = (max: number) => wholeNumber(max, 'a duration is a whole number of seconds');
const count = (max: number) => wholeNumber(max, 'a limit is a whole number');
const DAY = 86_400;
const text = (max: number, multiline = false) => v.pipe(cleanString({ multiline }), v.trim(), v.maxLength(max));
const offset = wholeNumber(400, 'an offset is a whole number of pixels, at most 400');
const onOff = v.pipe(v.picklist(['on', 'off'], 'on or off'), v.transform((s) => s === 'on'));

/** Each setting: its default and the schema that reads its CLI value. */
export const SITE_SETTINGS = {
  chat: { default: true, read: onOff, doc: 'on | off: off shows visitors the offline form' },
  hours: {
    default: '',
    read: v.pipe(
      cleanString(),
      v.trim(),
      v.check((text) => parseHours(text).ok, (issue) => { const r = parseHours(String(issue.input)); return r.ok ? '' : r.message; }),
    ),
    doc: 'opening hours such as "mon-fri 09:00-17:00, sat 10:00-14:00"; empty: always open',
  },
  timezone: { default: 'UTC', read: v.pipe(cleanString(), v.trim(), v.check(validTimeZone, 'an IANA time zone such as Europe/Oslo')), doc: 'the time zone of hours' },
  storeIp: { default: true, read: onOff, doc: "on | off: off keeps only the visitor's resolved location, never their IP" },
  emailDelay: { default: 120, read: seconds(7 * DAY), doc: 'seconds an unseen agent reply waits before it is emailed' },
  soonAfter: { default: 180, read: seconds(7 * DAY), doc: 'seconds a waiting customer is shown to agents as "Soon"' },
  overdueAfter: { default: 300, read: seconds(30 * DAY), doc: 'seconds a waiting customer is shown to agents as "Overdue"' },
  autoCloseAfter: {
    default: DAY,
    read: seconds(365 * DAY),
    doc: 'seconds of silence after which a conversation closes, unless its customer waits for an answer; 0: never',
  },
  closingMessage: {
    default: '',
    read: v.pipe(cleanString({ multiline: true }), v.trim(), v.maxLength(MAX_MESSAGE_LENGTH)),
    doc: 'sent to the customer when an agent closes their conversation; empty: nothing is sent',
  },
  callLink: {
    default: DEFAULT_CALL_LINK,
    read: v.pipe(cleanString(), v.trim(), v.maxLength(MAX_URL_LENGTH), v.check((text) => callLinkProblem(text) === null, (issue) => callLinkProblem(String(issue.input)) ?? '')),
    doc: 'the video-call address "Send call link" sends: https, with {room} where each conversation gets its own random room',
  },
  team: { default: '', read: v.pipe(cleanString(), v.trim(), v.maxLength(MAX_TEAM_NAME_LENGTH)), doc: 'the team (`pnpm parley team add`) whose agents answer this site; empty: every agent' },
  // What visitors see; the widget's own words (in the visitor's language) stand in for an empty text.
  greeting: { default: '', read: text(MAX_GREETING_LENGTH, true), doc: "the welcome message at the top of a new chat; empty: the widget's own, in the visitor's language" },
  awayMessage: { default: '', read: text(MAX_GREETING_LENGTH, true), doc: "shown above the offline form when no agent can answer; empty: the widget's own" },
  autoReply: {
    default: '',
    read: text(MAX_GREETING_LENGTH, true),
    doc: "sent once to a visitor who writes while no agent can answer; empty: the widget's own words, in the visitor's language; off: none",
  },
  teamName: { default: '', read: text(MAX_TEAM_NAME_LENGTH), doc: "the name in the widget's header; empty: the site's name" },
  brandColor: {
    default: DEFAULT_BRAND_COLOR,
    read: v.pipe(cleanString(), v.trim(), v.toLowerCase(), v.regex(/^#[0-9a-f]{6}$/, 'a colour such as #2456e8')),
    doc: 'the launcher and header colour, #rrggbb; the text on it is black or white, whichever is readable',
  },
  position: { default: 'right' as string, read: v.picklist(WIDGET_POSITIONS, 'right or left'), doc: 'right | left: the corner the launcher sits in' },
  offsetX: { default: 20, read: offset, doc: 'pixels between the launcher and the side of the window' },
  offsetY: { default: 20, read: offset, doc: 'pixels between the launcher and the bottom of the window' },
  launcherIcon: { default: 'bubble' as string, read: v.picklist(LAUNCHER_ICONS, `one of: ${LAUNCHER_ICONS.join(', ')}`), doc: `${LAUNCHER_ICONS.join(' | ')}: the launcher's icon` },
  launcherLabel: { default: '', read: text(40), doc: "text beside the launcher's icon, such as \"Chat with us\"; empty: the icon alone" },
  language: {
    default: 'auto' as string,
    read: v.picklist(['auto', ...WIDGET_LANGUAGES], `auto or one of: ${WIDGET_LANGUAGES.join(', ')}`),
    doc: "auto: each visitor's browser language; or one of the widget's languages for everyone",
  },
  sound: { default: false, read: onOff, doc: "on | off: a short sound when an agent's message arrives while the chat is closed" },
  requireIdentity: {
    default: false,
    read: onOff,
    doc: "on | off: on refuses identify's email and userId unless they come with a valid hmac (HMAC-SHA256(userId, site secret))",
  },
  // Limits: a person typing never meets them; a script does, and is told when to try again.
  messageBurst: { default: 20, read: count(10_000), doc: 'messages one visitor may send within burstWindow; 0: no limit' },
  burstWindow: { default: 10, read: v.pipe(seconds(3600), v.minValue(1)), doc: 'seconds over which messageBurst is counted' },
  messagesPerHour: { default: 200, read: count(100_000), doc: 'messages one visitor may send in any hour; 0: no limit' },
  newVisitors: { default: 20, read: count(100_000), doc: 'new visitors one address may start in any 10 minutes (reconnects and tabs are not new); 0: no limit' },
  newConversations: { default: 60, read: count(100_000), doc: 'conversations the site may start in any minute, so a flood cannot push real ones out of the list; 0: no limit' },
  uploadMaxBytes: { default: DEFAULT_UPLOAD_MAX_BYTES, read: count(MAX_UPLOAD_BYTES), doc: 'largest file, in bytes, a visitor or agent may send; 0: no files' },
  uploadTypes: {
    default: DEFAULT_UPLOAD_TYPES,
    read: v.pipe(
      cleanString(),
      v.trim(),
      v.check((text) => text.split(',').every((s) => !s.trim() || uploadKinds(s).length === 1), `uploadTypes lists some of: ${Object.keys(FILE_TYPES).join(', ')}`),
      v.transform((text) => uploadKinds(text).join(',')),
    ),
    doc: 'the file types accepted, as found in the bytes, comma-separated; svg, html and xml are only ever offered as downloads',
  },
  uploadsPerHour: { default: 60, read: count(100_000), doc: 'files one visitor, agent or address may send in any hour; 0: no limit' },
} as const;

export type SiteSettingName = keyof typeof SITE_SETTINGS;

/** The stored settings: each one its type with its default, a stored value of the wrong type read as the default. */
export const siteSettingsSchema = v.object(
  Object.fromEntries(
    Object.entries(SITE_SETTINGS).map(([name, setting]) => {
      const type = typeof setting.default === 'boolean' ? v.boolean() : typeof setting.default === 'number' ? v.number() : v.string();
      return [name, v.optional(v.fallback(type, setting.default), setting.default)];
    }),
  ) as unknown as { [K in SiteSettingName]: v.OptionalSchema<v.GenericSchema<Widen<(typeof SITE_SETTINGS)[K]['default']>>, Widen<(typeof SITE_SETTINGS)[K]['default']>> },
);
type Widen<T> = T extends boolean ? boolean : T extends number ? number : string;

export type SiteSettings = v.InferOutput<typeof siteSettingsSchema>;

/** Every setting, defaults filled in: how the store reads what it kept. */
export function parseSiteSettings(stored: unknown): SiteSettings {
  return v.parse(siteSettingsSchema, stored !== null && typeof stored === 'object' ? stored : {});
}

type SettingRead = { ok: true; name: SiteSettingName; value: SiteSettings[SiteSettingName] } | { ok: false; message: string };

const notAssignment = (assignment: string) => ({
  ok: false as const,
  message: `"${assignment}" is not NAME=VALUE with NAME one of: ${Object.keys(SITE_SETTINGS).join(', ')}, name, origins.`,
});

/** Reads `NAME=VALUE` into a setting, or says what is wrong. */
export function readSetting(assignment: string): SettingRead {
  const eq = assignment.indexOf('=');
  const name = assignment.slice(0, eq);
  // Own keys only: "toString" and "__proto__" are in every object's chain.
  if (eq < 1 || !Object.hasOwn(SITE_SETTINGS, name)) return notAssignment(assignment);
  return readSettingValue(name, assignment.slice(eq + 1));
}

function readSettingValue(name: string, text: string): SettingRead {
  if (!Object.hasOwn(SITE_SETTINGS, name)) return notAssignment(`${name}=${text}`);
  const setting = SITE_SETTINGS[name as SiteSettingName];
  const result = v.safeParse(setting.read as v.GenericSchema, text);
  return result.success ? { ok: true, name: name as SiteSettingName, value: result.output as SiteSettings[SiteSettingName] } : { ok: false, message: `${name}: ${result.issues[0].message}` };
}

/** The origin of a site address (`https://shop.example/cart` → `https://shop.example`), or null when it is none. */
export function siteOrigin(url: string): string | null {
  try {
    const parsed = new URL(url.trim());
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.origin : null;
  } catch {
    return null;
  }
}

export const notSiteAddress = (url: string) => `"${url}" is not a site address such as https://shop.example.`;

/** A change to a site: its name, its origins, some settings. */
export interface SiteChange {
  name?: string;
  origins?: string[];
  settings: Partial<SiteSettings>;
}

/** How `name=` and `origins=` read, beside the settings. */
const siteName = v.pipe(cleanString(), v.trim(), v.minLength(1, 'name: a site needs a name'), v.maxLength(MAX_NAME_LENGTH, `name: at most ${MAX_NAME_LENGTH} characters`));
const MAX_ORIGINS = 50;

function readOrigins(text: string): { ok: true; origins: string[] } | { ok: false; message: string } {
  const urls = text.split(/[\s,]+/).filter(Boolean);
  if (urls.length === 0) return { ok: false, message: 'origins: list at least one address, such as https://shop.example' };
  if (urls.length > MAX_ORIGINS) return { ok: false, message: `origins: at most ${MAX_ORIGINS} addresses` };
  const origins: string[] = [];
  for (const url of urls) {
    const origin = siteOrigin(url);
    if (!origin) return { ok: false, message: `origins: ${notSiteAddress(url)}` };
    if (!origins.includes(origin)) origins.push(origin);
  }
  return { ok: true, origins };
}

/**
 * Reads a whole change, as `site set KEY NAME=VALUE…` and the console's settings form send it:
 * every value read, and every problem named by its field, so a change is taken whole or not at all.
 */
export function readSiteChanges(entries: Iterable<readonly [string, string]>): { ok: true; change: SiteChange } | { ok: false; problems: Record<string, string> } {
  const change: SiteChange = { settings: {} };
  const problems: Record<string, string> = {};
  const settings: Record<string, unknown> = change.settings;
  for (const [name, text] of entries) {
    if (name === 'name') {
      const read = v.safeParse(siteName, text);
      if (read.success) change.name = read.output;
      else problems.name = read.issues[0].message;
    } else if (name === 'origins') {
      const read = readOrigins(text);
      if (read.ok) change.origins = read.origins;
      else problems.origins = read.message;
    } else {
      const read = readSettingValue(name, text);
      if (read.ok) settings[read.name] = read.value;
      else problems[Object.hasOwn(SITE_SETTINGS, name) ? name : '_'] = read.message;
    }
  }
  return Object.keys(problems).length > 0 ? { ok: false, problems } : { ok: true, change };
}

/** A setting's value as `site set` writes it: on/off, a number of seconds or bytes, the text. */
export function settingText(value: boolean | number | string): string {
  return typeof value === 'boolean' ? (value ? 'on' : 'off') : String(value);
}

/** The one line a site's pages carry (`publicUrl`: the server's address as visitors reach it). */
export function embedSnippet(publicUrl: string, siteKey: string): string {
  return `<script async src="${publicUrl}/widget.js" data-site="${siteKey}"></script>`;
}

/** What an admin sees of a site (`GET /api/sites`): the secret for identify's hmac, and the snippet to embed. */
export interface SiteAdminView {
  key: string;
  name: string;
  origins: string[];
  secret: string;
  embed: string;
  settings: SiteSettings;
}

/**
 * `PATCH /api/sites/:key`: `{ NAME: VALUE }` as `site set` reads them (name, origins, any setting),
 * as entries: every key the sender wrote, "__proto__" too, reaches readSiteChanges to be refused.
 */
export const siteChangesBody = v.pipe(
  v.custom<Record<string, unknown>>((input) => input !== null && typeof input === 'object' && !Array.isArray(input), 'The body is an object of NAME: VALUE.'),
  v.transform((input) => Object.entries(input)),
  // Each value is read again by its own schema: cleaning it here first only ever takes out what that one would.
  v.array(v.tuple([v.pipe(cleanString(), v.maxLength(40)), v.pipe(cleanString({ multiline: true }), v.maxLength(MAX_MESSAGE_LENGTH * 2))])),
  v.minLength(1, 'Change at least one setting.'),
);
