/**
 * The site settings form, built from SITE_SETTINGS: each setting's label, group and kind of input.
 * A setting added to the schema shows up in "More" with its name until it is given a place here.
 */
import { SITE_SETTINGS, type SiteSettingName } from '@parley/protocol';
import { strings } from '../strings.ts';

export type FieldName = SiteSettingName | 'name' | 'origins';

/** What the browser tests and the README call each field; the rest read as the CLI's name would. */
const FIELD_LABELS: Partial<Record<FieldName, string>> = strings.siteForm.fields;

export const fieldLabel = (name: FieldName): string => FIELD_LABELS[name] ?? name;

export const GROUPS: { title: string; fields: FieldName[] }[] = [
  { title: strings.siteForm.groups.general, fields: ['name', 'origins', 'team', 'chat', 'hours', 'timezone', 'callLink'] },
  { title: strings.siteForm.groups.messages, fields: ['greeting', 'awayMessage', 'autoReply', 'closingMessage'] },
  { title: strings.siteForm.groups.appearance, fields: ['brandColor', 'position', 'offsetX', 'offsetY', 'launcherIcon', 'launcherLabel', 'teamName', 'language', 'sound'] },
  { title: strings.siteForm.groups.timing, fields: ['emailDelay', 'soonAfter', 'overdueAfter', 'autoCloseAfter'] },
  { title: strings.siteForm.groups.attachments, fields: ['uploadMaxBytes', 'uploadTypes', 'uploadsPerHour'] },
  { title: strings.siteForm.groups.privacy, fields: ['storeIp'] },
  { title: strings.siteForm.groups.identity, fields: ['requireIdentity'] },
  { title: strings.siteForm.groups.limits, fields: ['messageBurst', 'burstWindow', 'messagesPerHour', 'newVisitors', 'newConversations'] },
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
  if (name === 'name') return strings.siteForm.nameHelp;
  if (name === 'origins') return strings.siteForm.originsHelp;
  const doc = SITE_SETTINGS[name].doc;
  return doc.charAt(0).toUpperCase() + doc.slice(1);
}

const languageNames = new Intl.DisplayNames(['en'], { type: 'language' });

export function choiceLabel(value: string): string {
  const named = strings.siteForm.choices[value];
  if (named) return named;
  try {
    return strings.siteForm.language(languageNames.of(value) ?? value, value);
  } catch {
    return value;
  }
}
