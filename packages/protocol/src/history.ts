/**
 * Conversation history as both ends read it: what a search asks for (the query string of
 * `GET /api/history` and of its export), the words a text search looks for, the page it answers
 * with, where a page ends, and the snippet of a hit with its words marked.
 */
import * as v from 'valibot';
import { CONVERSATION_STATUSES, type ConversationStatus } from './constants.ts';
import { cleanString } from './text.ts';

/** How many conversations a page of results holds. */
export const HISTORY_PAGE_SIZE = 50;
/** A text search looks for at most this many words, each at most this long. */
export const SEARCH_MAX_TERMS = 8;
export const SEARCH_MAX_TERM_LENGTH = 64;
/** How much of the matching message a hit shows around its first word. */
export const SNIPPET_LENGTH = 160;

export const EXPORT_FORMATS = ['csv', 'json'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** What History shows: every filter optional; the conversations the agent may see, newest activity first. */
export interface HistoryQuery {
  /** Words every hit's messages hold (whole words, any case); null: no text search. */
  text: string | null;
  /** Part of the customer's name, email or phone, in any case. */
  customer: string | null;
  /** An agent's id: conversations they joined or wrote in. */
  agent: string | null;
  /** Milliseconds: conversations active at some time between these (inclusive). */
  from: number | null;
  to: number | null;
  status: ConversationStatus | null;
  site: string | null;
}

export const EMPTY_HISTORY_QUERY: HistoryQuery = { text: null, customer: null, agent: null, from: null, to: null, status: null, site: null };

/** Where a page ends: the next starts at the conversation after it in (updatedAt, id), both descending. */
export interface HistoryCursor {
  updatedAt: number;
  id: string;
}

const field = (max: number) => v.optional(v.pipe(cleanString(), v.trim(), v.maxLength(max)));
const millis = v.optional(v.pipe(cleanString(), v.regex(/^\d{1,15}$/, 'a time in milliseconds'), v.transform(Number)));
const absent = (text: string | undefined) => (text ? text : null);

/** The query string of a search, an export, and the page after a cursor (`after` = "updatedAt.id"). */
export const historyParams = v.pipe(
  v.object({
    text: field(256),
    customer: field(128),
    agent: field(64),
    from: millis,
    to: millis,
    status: v.optional(v.union([v.literal(''), v.picklist(CONVERSATION_STATUSES)])),
    site: field(64),
    after: v.optional(v.pipe(cleanString(), v.regex(/^\d{1,15}\.[\w-]{1,64}$/, 'a cursor "updatedAt.id"'))),
    format: v.optional(v.picklist(EXPORT_FORMATS)),
  }),
  v.transform(({ text, customer, agent, from, to, status, site, after, format }) => ({
    query: { text: absent(text), customer: absent(customer), agent: absent(agent), from: from ?? null, to: to ?? null, status: status || null, site: absent(site) } satisfies HistoryQuery,
    after: after ? parseCursor(after) : null,
    format: format ?? 'json',
  })),
);

export function cursorParam({ updatedAt, id }: HistoryCursor): string {
  return `${updatedAt}.${id}`;
}

function parseCursor(text: string): HistoryCursor {
  const dot = text.indexOf('.');
  return { updatedAt: Number(text.slice(0, dot)), id: text.slice(dot + 1) };
}

/** The query string for a query (empty filters left out), as the console sends it. */
export function historySearchParams(query: HistoryQuery, extra: Record<string, string> = {}): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== null && value !== '') params.set(key, String(value));
  for (const [key, value] of Object.entries(extra)) params.set(key, value);
  return params;
}

/**
 * The words a text search looks for: runs of letters and digits, lower-cased, each one once. Both
 * stores search for exactly these (every one must appear), and the snippet marks exactly these.
 */
export function searchTerms(text: string | null): string[] {
  const words = (text ?? '').toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  return [...new Set(words.map((word) => word.slice(0, SEARCH_MAX_TERM_LENGTH)))].slice(0, SEARCH_MAX_TERMS);
}

/** Part of a message's text, and where in it the searched words stand ([start, end) offsets). */
export interface Snippet {
  text: string;
  marks: Array<[number, number]>;
}

/** A window of the text around its first searched word, with every whole-word occurrence of the words marked. */
export function snippetOf(text: string, terms: readonly string[], length = SNIPPET_LENGTH): Snippet {
  const found: Array<[number, number]> = [];
  for (const match of text.matchAll(/[\p{L}\p{N}]+/gu)) {
    if (terms.includes(match[0].toLowerCase().slice(0, SEARCH_MAX_TERM_LENGTH))) found.push([match.index, match.index + match[0].length]);
  }
  const first = found[0]?.[0] ?? 0;
  const start = text.length <= length ? 0 : Math.max(0, Math.min(first - Math.floor(length / 4), text.length - length));
  const end = Math.min(text.length, start + length);
  const prefix = start > 0 ? '…' : '';
  const marks = found.filter(([a, b]) => a >= start && b <= end).map(([a, b]): [number, number] => [a - start + prefix.length, b - start + prefix.length]);
  return { text: `${prefix}${text.slice(start, end)}${end < text.length ? '…' : ''}`, marks };
}

/** One conversation found. */
export interface HistoryHit {
  conversationId: string;
  siteId: string;
  siteName: string;
  status: ConversationStatus;
  customer: { name: string | null; email: string | null; phone: string | null; displayName: string };
  createdAt: number;
  updatedAt: number;
  /** The newest message holding the words searched for; without text, the latest message. Null: no message yet. */
  snippet: Snippet | null;
}

export interface HistoryPage {
  items: HistoryHit[];
  /** The `after` of the next page; null on the last. */
  next: string | null;
}

/** A conversation as the JSON export writes it: one array element each, one line each. */
export interface ExportedConversation {
  id: string;
  site: string;
  status: ConversationStatus;
  createdAt: string;
  updatedAt: string;
  customer: { name: string | null; email: string | null; phone: string | null };
  messages: Array<{ seq: number; at: string; author: string; authorName: string | null; event: string | null; subjectName: string | null; text: string }>;
}

/** The CSV export's columns: one row a message (transcript events included), its conversation's columns repeated. */
export const EXPORT_CSV_COLUMNS = [
  'conversation',
  'site',
  'status',
  'started',
  'customer_name',
  'customer_email',
  'customer_phone',
  'seq',
  'at',
  'author',
  'author_name',
  'event',
  'text',
] as const;
