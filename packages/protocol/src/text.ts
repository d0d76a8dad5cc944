/**
 * Every string a visitor or agent sends, cleaned at the edge before anything stores or shows it:
 * lone surrogates (which would be stored as invalid UTF-8) become U+FFFD; C0 and C1 controls, DEL
 * and the bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069, the Trojan Source
 * set) are removed, so a right-to-left override cannot flip how a title or name reads in the
 * console. The bidi marks U+200E, U+200F and U+061C stay: right-to-left writers type them, and a
 * mark cannot reorder the strong characters around it.
 */
import * as v from 'valibot';

/** In `u` mode a surrogate range matches only a surrogate without its pair. */
const UNSAFE = /[\0-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F\u202A-\u202E\u2066-\u2069]|[\uD800-\uDFFF]/gu;
const isSurrogate = (ch: string) => ch >= '\uD800' && ch <= '\uDFFF';

/** Multi-line text keeps its newlines (any line ending becomes \n) and tabs; a single line gets spaces for them. */
export function cleanText(text: string, multiline: boolean): string {
  const lines = text.replace(/\r\n?/g, '\n');
  const spaced = multiline ? lines : lines.replace(/[\n\t]/g, ' ');
  return spaced.replace(UNSAFE, (ch) => (isSurrogate(ch) ? '\uFFFD' : ''));
}

/** The start of every string field of a frame or body: a string, cleaned. Passwords alone skip it: they are hashed as typed. */
export const cleanString = (options: { multiline?: boolean } = {}) =>
  v.pipe(
    v.string(),
    v.transform((text: string) => cleanText(text, options.multiline ?? false)),
  );

/** The address itself when it is an absolute http(s) URL (after the trimming a browser does), else null: the only kind that may become a link. */
export function httpUrl(text: string): string | null {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return null;
  }
  return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
}

/** A page address or referrer: empty (unknown) or http(s); any other scheme is refused, not stored. */
export const webAddress = (max: number) =>
  v.pipe(
    cleanString(),
    v.trim(),
    v.maxLength(max),
    v.check((text) => text === '' || httpUrl(text) !== null, 'A page address is an http(s) URL.'),
  );
