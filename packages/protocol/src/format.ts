/**
 * Message text as tokens: plain runs, links (http, https, mailto only), line breaks, and simple
 * emphasis (`*bold*`, `_italic_`, `` `code` ``). The widget, the console and the fallback email
 * render these tokens as text nodes or escaped HTML: message text is never parsed as HTML, and
 * anything the tokenizer does not recognise stays literal text.
 */
export type TextToken =
  | { t: 'text'; text: string }
  | { t: 'link'; text: string; href: string }
  | { t: 'break' }
  | { t: 'code'; text: string }
  /** Emphasis holds text and links only: no nesting, so a renderer has one level to walk. */
  | { t: 'strong' | 'em'; children: InlineToken[] };
export type InlineToken = Extract<TextToken, { t: 'text' | 'link' }>;

export interface FormatOptions {
  /** False: no links (a visitor's words in an email); URLs stay text. */
  links?: boolean;
}

const URL_PATTERN = /\b(?:https?:\/\/|mailto:)[^\s<>"'`]+/gi;
/** Punctuation that ends a sentence more often than it ends a URL. */
const TRAILING = /[.,;:!?)\]*_]+$/;
/** One address, optionally with ?subject=…: no second address, no scheme tricks. */
const MAILTO = /^mailto:[^\s@/?#:]+@[^\s@/?#:]+\.[^\s@/?#:]+(?:\?[^\s]*)?$/i;
const CODE = /`([^`\n]+)`/g;
/** A delimiter opens after a non-word character and closes before one, so snake_case and 2*3*4 stay text. */
const EMPHASIS = /(?<![\p{L}\p{N}*])\*(?=[^\s*])([^*\n]*?[^\s*])\*(?![\p{L}\p{N}*])|(?<![\p{L}\p{N}_])_(?=[^\s_])([^_\n]*?[^\s_])_(?![\p{L}\p{N}_])/gu;

/** The href a link may carry, or null: only http(s) with a host, and mailto to one address. */
function safeHref(url: string): string | null {
  if (/^mailto:/i.test(url)) return MAILTO.test(url) ? url : null;
  try {
    const parsed = new URL(url);
    return (parsed.protocol === 'http:' || parsed.protocol === 'https:') && parsed.host ? url : null;
  } catch {
    return null;
  }
}

interface Range {
  start: number;
  end: number;
  href: string;
}

function linkRanges(text: string): Range[] {
  const ranges: Range[] = [];
  for (const match of text.matchAll(URL_PATTERN)) {
    const url = match[0].replace(TRAILING, '');
    const href = safeHref(url);
    if (href) ranges.push({ start: match.index, end: match.index + url.length, href });
  }
  return ranges;
}

/** Text and links of text[from, to), given the links found in the whole of text. */
function inline(text: string, from: number, to: number, links: Range[]): InlineToken[] {
  const tokens: InlineToken[] = [];
  let at = from;
  for (const link of links) {
    if (link.start < from || link.end > to) continue;
    if (link.start > at) tokens.push({ t: 'text', text: text.slice(at, link.start) });
    tokens.push({ t: 'link', text: text.slice(link.start, link.end), href: link.href });
    at = link.end;
  }
  if (at < to) tokens.push({ t: 'text', text: text.slice(at, to) });
  return tokens;
}

/** A run without code spans: emphasis whose delimiters fall outside every link, and the links. */
function run(text: string, options: FormatOptions): TextToken[] {
  const links = options.links === false ? [] : linkRanges(text);
  const inLink = (index: number) => links.some((l) => index >= l.start && index < l.end);
  const tokens: TextToken[] = [];
  let at = 0;
  for (const match of text.matchAll(EMPHASIS)) {
    const start = match.index;
    const end = start + match[0].length;
    if (start < at || inLink(start) || inLink(end - 1)) continue;
    tokens.push(...inline(text, at, start, links));
    tokens.push({ t: match[1] === undefined ? 'em' : 'strong', children: inline(text, start + 1, end - 1, links) });
    at = end;
  }
  tokens.push(...inline(text, at, text.length, links));
  return tokens;
}

function line(text: string, options: FormatOptions): TextToken[] {
  const tokens: TextToken[] = [];
  let at = 0;
  for (const match of text.matchAll(CODE)) {
    tokens.push(...run(text.slice(at, match.index), options), { t: 'code', text: match[1]! });
    at = match.index + match[0].length;
  }
  tokens.push(...run(text.slice(at), options));
  return tokens;
}

export function formatText(text: string, options: FormatOptions = {}): TextToken[] {
  return text
    .split(/\r\n|\r|\n/)
    .flatMap((text, index) => [...(index > 0 ? [{ t: 'break' } as const] : []), ...line(text, options)]);
}
