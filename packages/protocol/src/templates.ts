/**
 * Message templates (canned responses): their wire shape and bodies, which of them an agent's
 * `/word` picks, and the one filler that turns placeholders into the text the agent then edits.
 */
import * as v from 'valibot';
import { MAX_MESSAGE_LENGTH } from './limits.ts';
import { cleanString } from './text.ts';

export const MAX_SHORTCUT_LENGTH = 32;

export interface MessageTemplate {
  id: string;
  /** What follows `/` in the reply box; unique among the shared ones, and among each agent's own. */
  shortcut: string;
  body: string;
  /** Shared: every agent's, managed by admins. Otherwise the agent's own. */
  shared: boolean;
  createdAt: number;
  updatedAt: number;
}

const shortcut = v.pipe(
  cleanString(),
  v.trim(),
  v.toLowerCase(),
  v.regex(new RegExp(`^[a-z0-9][a-z0-9_-]{0,${MAX_SHORTCUT_LENGTH - 1}}$`), `A shortcut is 1 to ${MAX_SHORTCUT_LENGTH} letters, digits, - or _, such as "shipping".`),
);
const body = v.pipe(
  cleanString({ multiline: true }),
  v.trim(),
  v.minLength(1, 'A template needs a text.'),
  v.maxLength(MAX_MESSAGE_LENGTH, `A template is at most ${MAX_MESSAGE_LENGTH} characters.`),
);

/** `POST /api/templates`: shared ones only by admins. */
export const templateAddBody = v.object({ shortcut, body, shared: v.optional(v.boolean(), false) });
export type TemplateAdd = v.InferInput<typeof templateAddBody>;

/** `PATCH /api/templates/:id`: at least one field. */
export const templatePatchBody = v.pipe(
  v.object({ shortcut: v.optional(shortcut), body: v.optional(body) }),
  v.check((patch) => patch.shortcut !== undefined || patch.body !== undefined, 'Change the shortcut, the text, or both.'),
);
export type TemplatePatch = v.InferInput<typeof templatePatchBody>;

/** What placeholders are filled from; null or empty: unknown, so the fallback is used. */
export interface PlaceholderValues {
  visitor: { name: string | null; email: string | null };
  agent: { name: string | null };
  site: { name: string | null };
}

/** Each placeholder's fallback when its value is unknown and the template names none: a greeting still reads. */
export const PLACEHOLDER_DEFAULTS = {
  'visitor.name': 'there',
  'visitor.email': '',
  'agent.name': '',
  'site.name': '',
} as const;

export type Placeholder = keyof typeof PLACEHOLDER_DEFAULTS;

const PLACEHOLDER = /\{(visitor\.name|visitor\.email|agent\.name|site\.name)(?:\|([^{}]*))?\}/g;

/**
 * `{visitor.name}`, `{visitor.email}`, `{agent.name}`, `{site.name}` replaced by their values, or by
 * the fallback after `|` (`{visitor.name|friend}`), else the default. Anything else in braces stays as
 * typed: the agent sees it and can fix it before sending.
 */
export function fillTemplate(text: string, values: PlaceholderValues): string {
  const known: Record<Placeholder, string | null> = {
    'visitor.name': values.visitor.name,
    'visitor.email': values.visitor.email,
    'agent.name': values.agent.name,
    'site.name': values.site.name,
  };
  return text.replace(PLACEHOLDER, (_, name: Placeholder, fallback: string | undefined) => {
    const value = known[name]?.trim();
    return value ? value : (fallback ?? PLACEHOLDER_DEFAULTS[name]);
  });
}

/**
 * The templates an agent may pick for `query` (what they typed after `/`): personal ones win a
 * shortcut they share with a shared one; shortcuts starting with the query first, then those whose
 * shortcut or text contains it; by shortcut within each.
 */
export function matchTemplates(templates: readonly MessageTemplate[], query: string): MessageTemplate[] {
  const personal = new Set(templates.filter((t) => !t.shared).map((t) => t.shortcut));
  const usable = templates.filter((t) => !t.shared || !personal.has(t.shortcut));
  const q = query.trim().toLowerCase();
  const rank = (t: MessageTemplate) => (t.shortcut.startsWith(q) ? 0 : t.shortcut.includes(q) || t.body.toLowerCase().includes(q) ? 1 : 2);
  return usable
    .filter((t) => rank(t) < 2)
    .sort((a, b) => rank(a) - rank(b) || (a.shortcut < b.shortcut ? -1 : a.shortcut > b.shortcut ? 1 : 0));
}

/**
 * The `/word` the caret ends, when it starts a word: where it starts and what follows the slash.
 * Null when the caret is not at the end of such a word (a URL's `/path` is not one).
 */
export function slashWord(text: string, caret: number): { start: number; query: string } | null {
  const before = text.slice(0, caret);
  const match = /(^|\s)\/([^\s/]*)$/.exec(before);
  if (!match) return null;
  return { start: before.length - match[2]!.length - 1, query: match[2]! };
}
