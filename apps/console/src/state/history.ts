/**
 * History: the search's filters, its pages of results, the one conversation open (read-only), and
 * the export's address. Searching again drops answers to an older search that arrive late.
 */
import { signal } from '@preact/signals';
import { EMPTY_HISTORY_QUERY, type ExportFormat, type HistoryHit, type HistoryQuery, historySearchParams, type Message } from '@parley/protocol';
import { getTranscript, searchHistory } from '../api.ts';

export interface HistoryResults {
  /** Null until a first answer arrived. */
  items: readonly HistoryHit[] | null;
  /** The `after` of the next page; null: none. */
  next: string | null;
  loading: boolean;
  error: string | null;
}

export interface OpenTranscript {
  conversationId: string;
  messages: readonly Message[] | null;
  /** Earlier messages exist than the first held. */
  older: boolean;
  error: string | null;
}

/** How long typing pauses before the search runs. */
const TYPING_PAUSE_MS = 300;

export const historyQuery = signal<HistoryQuery>(EMPTY_HISTORY_QUERY);
export const historyResults = signal<HistoryResults>({ items: null, next: null, loading: false, error: null });
export const transcript = signal<OpenTranscript | null>(null);

let generation = 0;
let typing: ReturnType<typeof setTimeout> | undefined;

async function load(after: string | null): Promise<void> {
  const mine = ++generation;
  historyResults.value = { ...historyResults.value, loading: true };
  const result = await searchHistory(historySearchParams(historyQuery.value, after ? { after } : {}));
  if (mine !== generation) return;
  const before = after ? (historyResults.value.items ?? []) : [];
  historyResults.value = result.ok
    ? { items: [...before, ...result.value.items], next: result.value.next, loading: false, error: null }
    : { ...historyResults.value, loading: false, error: result.message };
}

export function searchNow(): Promise<void> {
  clearTimeout(typing);
  return load(null);
}

/** A filter changed: text waits for a pause in typing, the rest search at once. */
export function setHistoryFilter(patch: Partial<HistoryQuery>): void {
  historyQuery.value = { ...historyQuery.value, ...patch };
  clearTimeout(typing);
  if ('text' in patch || 'customer' in patch) typing = setTimeout(() => void load(null), TYPING_PAUSE_MS);
  else void load(null);
}

export function loadMoreHistory(): void {
  const { next, loading } = historyResults.value;
  if (next && !loading) void load(next);
}

export async function openTranscript(conversationId: string): Promise<void> {
  if (transcript.value?.conversationId === conversationId && transcript.value.messages) return;
  transcript.value = { conversationId, messages: null, older: false, error: null };
  const result = await getTranscript(conversationId);
  if (transcript.value?.conversationId !== conversationId) return;
  transcript.value = result.ok ? { conversationId, messages: result.value.messages, older: result.value.older, error: null } : { conversationId, messages: null, older: false, error: result.message };
}

/** The page before the first message held, put in front. */
export async function loadEarlierTranscript(): Promise<void> {
  const open = transcript.value;
  const first = open?.messages?.[0];
  if (!open || !first || !open.older) return;
  const result = await getTranscript(open.conversationId, first.seq);
  const now = transcript.value;
  if (now?.conversationId !== open.conversationId || now.messages?.[0] !== first) return;
  transcript.value = result.ok ? { ...now, messages: [...result.value.messages, ...now.messages], older: result.value.older } : { ...now, error: result.message };
}

/** Where the browser downloads the export of what the filters find (the session cookie goes with it). */
export function exportUrl(format: ExportFormat): string {
  return `/api/history/export?${historySearchParams(historyQuery.value, { format })}`;
}

export function resetHistory(): void {
  clearTimeout(typing);
  generation++;
  historyQuery.value = EMPTY_HISTORY_QUERY;
  historyResults.value = { items: null, next: null, loading: false, error: null };
  transcript.value = null;
}
