/**
 * The site settings form, built from SITE_SETTINGS: each setting's label, group and kind of input.
 * A setting added to the schema shows up in "More" with its name until it is given a place here.
 */
import { SITE_SETTINGS, type SiteSettingName } from '@parley/protocol';

export type FieldName = SiteSettingName | 'name' | 'origins';

/** What the browser tests and the README call each field; the rest read as the CLI's name would. */
const FIELD_LABELS: Partial<Record<FieldName, string>> = {
  name: 'Name',
  origins: 'Allowed origins',
  team: 'Team',
  chat: 'Chat on',
  hours: 'Opening hours',
  timezone: 'Time zone',
  callLink: 'Video call link',
  greeting: 'Greeting',
  awayMessage: 'Away message',
  autoReply: 'Auto-reply',
  closingMessage: 'Closing message',
  brandColor: 'Brand colour',
  position: 'Position',
  offsetX: 'Offset from the side (px)',
  offsetY: 'Offset from the bottom (px)',
  launcherIcon: 'Launcher icon',
  launcherLabel: 'Launcher label',
  // Not "… name": the site's "Name" is found by that word.
  teamName: 'Header title',
  language: 'Language',
  sound: 'Sound',
  emailDelay: 'Email delay (seconds)',
  soonAfter: 'Soon after (seconds)',
  overdueAfter: 'Overdue after (seconds)',
  autoCloseAfter: 'Auto-close after (seconds)',
  uploadMaxBytes: 'Largest file (bytes)',
  uploadTypes: 'File types',
  uploadsPerHour: 'Files per hour',
  storeIp: 'Store IP addresses',
  requireIdentity: 'Require verified identity',
  messageBurst: 'Message burst',
  burstWindow: 'Burst window (seconds)',
  messagesPerHour: 'Messages per hour',
  newVisitors: 'New visitors per 10 minutes',
  newConversations: 'New conversations per minute',
};

export const fieldLabel = (name: FieldName): string => FIELD_LABELS[name] ?? name;

export const GROUPS: { title: string; fields: FieldName[] }[] = [
  { title: 'General', fields: ['name', 'origins', 'team', 'chat', 'hours', 'timezone', 'callLink'] },
  { title: 'Messages', fields: ['greeting', 'awayMessage', 'autoReply', 'closingMessage'] },
  { title: 'Appearance', fields: ['brandColor', 'position', 'offsetX', 'offsetY', 'launcherIcon', 'launcherLabel', 'teamName', 'language', 'sound'] },
  { title: 'Timing', fields: ['emailDelay', 'soonAfter', 'overdueAfter', 'autoCloseAfter'] },
  { title: 'Attachments', fields: ['uploadMaxBytes', 'uploadTypes', 'uploadsPerHour'] },
  { title: 'Privacy', fields: ['storeIp'] },
  { title: 'Identity', fields: ['requireIdentity'] },
  { title: 'Limits', fields: ['messageBurst', 'burstWindow', 'messagesPerHour', 'newVisitors', 'newConversations'] },
];

const placed = new Set(GROUPS.flatMap((group) => group.fields));
/** Settings no group names yet. */
export const MORE: FieldName[] = (Object.keys(SITE_SETTINGS) as SiteSettingName[]).filter((name) => !placed.has(name));

/** Texts a visitor reads as paragraphs. */
const MULTILINE = new Set<FieldName>(['origins', 'greeting', 'awayMessage', 'autoReply', 'closingMessage']);

export type FieldKind =
  | { kind: 'text' | 'multiline' | 'number' | 'colour' | 'team' }
  | { kind: 'switch' }
  | { kind: 'choice'; options: readonly string[] };

/** The input a field gets: from its default's type and its schema (a picklist is a choice). */
export function fieldKind(name: FieldName): FieldKind {
  if (name === 'brandColor') return { kind: 'colour' };
  if (name === 'team') return { kind: 'team' };
  if (MULTILINE.has(name)) return { kind: 'multiline' };
  if (name === 'name' || name === 'origins') return { kind: 'text' };
  const setting = SITE_SETTINGS[name];
  if (typeof setting.default === 'boolean') return { kind: 'switch' };
  const read = setting.read as { type?: string; options?: readonly string[] };
  if (read.type === 'picklist' && read.options) return { kind: 'choice', options: read.options };
  return { kind: typeof setting.default === 'number' ? 'number' : 'text' };
}

/** What the form says under a field: the CLI's own help for it. */
export function fieldHelp(name: FieldName): string {
  if (name === 'name') return "The site's name, in the console and (without a header title) the widget's header.";
  if (name === 'origins') return 'The addresses the widget may run on, one a line, such as https://shop.example.';
  const doc = SITE_SETTINGS[name].doc;
  return doc.charAt(0).toUpperCase() + doc.slice(1);
}

const CHOICE_LABELS: Record<string, string> = {
  right: 'Right',
  left: 'Left',
  bubble: 'Speech bubble',
  question: 'Question mark',
  none: 'No icon (label only)',
  auto: "Each visitor's browser language",
};

const languageNames = new Intl.DisplayNames(['en'], { type: 'language' });

export function choiceLabel(value: string): string {
  if (CHOICE_LABELS[value]) return CHOICE_LABELS[value];
  try {
    return `${languageNames.of(value) ?? value} (${value})`;
  } catch {
    return value;
  }
}
