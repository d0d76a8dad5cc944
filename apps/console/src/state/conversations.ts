/**
 * The conversation list (the pages loaded of the query shown), its query, counts and sites, the
 * selected conversation, and the agent's actions on one.
 */
import { computed, signal } from '@preact/signals';
import {
  type AgentClientFrame,
  type ConversationSummary,
  DEFAULT_LIST_QUERY,
  type ListCounts,
  type ListCursor,
  type ListQuery,
  type ListStatus,
  type ListView,
  type Message,
  sameQuery,
  type SiteRef,
  type VisitorProfile,
} from '@parley/protocol';
import { appendPage, narrowTo, placeConversation, sortConversations, upsertConversation, withMessage, withVisitor } from '../lib/conversations.ts';
import { goToConversation, route } from './router.ts';
import { sendFrame } from './socket.ts';

/** The pages loaded, in the server's order at every write, so readers never sort; each matches listQuery. */
export const conversations = signal<readonly ConversationSummary[]>([]);
export const listQuery = signal<ListQuery>(DEFAULT_LIST_QUERY);
/** Where the next page starts; null: every conversation of the query is loaded. */
export const nextCursor = signal<ListCursor | null>(null);
/** A further page is asked for and has not come yet. */
export const loadingMore = signal(false);
/** Of listQuery, from the server; null until it told. */
export const listCounts = signal<ListCounts | null>(null);
/** The sites the agent sees: the Site filter. */
export const listSites = signal<readonly SiteRef[]>([]);
/** The open conversation's latest summary, so it stays open when the list's query leaves it out. */
const held = signal<ConversationSummary | null>(null);
/** Whose Joined and Mine the list shows. */
let agentId = '';

export const selectedId = computed(() => (route.value.name === 'inbox' ? route.value.conversationId : null));

export const selectedConversation = computed(() => {
  const id = selectedId.value;
  if (id === null) return null;
  return conversations.value.find((c) => c.id === id) ?? (held.value?.id === id ? held.value : null);
});

export function setListAgent(id: string): void {
  agentId = id;
}

function listFrame(query: ListQuery, after?: ListCursor): AgentClientFrame {
  const { view, status, team, site } = query;
  return { t: 'list', view, ...(status ? { status } : {}), ...(team ? { team } : {}), ...(site ? { site } : {}), ...(after ? { after } : {}) };
}

/** Keeps the open conversation's summary before a page replaces the list. */
function holdSelected(): void {
  const open = selectedConversation.peek();
  if (open) held.value = open;
}

/** The first page of All, sent on every (re)connection: the list, unless it shows another query, which is asked for again. */
export function replaceConversations(items: readonly ConversationSummary[], next: ListCursor | null = null): void {
  if (!sameQuery(listQuery.peek(), DEFAULT_LIST_QUERY)) {
    sendFrame(listFrame(listQuery.peek()));
    return;
  }
  holdSelected();
  conversations.value = sortConversations(items);
  nextCursor.value = next;
  loadingMore.value = false;
}

/** A page the list asked for; one of an earlier query is dropped. */
export function applyPage(frame: { query: ListQuery; after: ListCursor | null; items: ConversationSummary[]; next: ListCursor | null }): void {
  if (!sameQuery(frame.query, listQuery.peek())) return;
  holdSelected();
  conversations.value = frame.after ? appendPage(conversations.peek(), frame.items) : sortConversations(frame.items);
  nextCursor.value = frame.next;
  loadingMore.value = false;
}

export function applyCounts(query: ListQuery, counts: ListCounts): void {
  if (sameQuery(query, listQuery.peek())) listCounts.value = counts;
}

export function replaceSites(items: readonly SiteRef[]): void {
  listSites.value = items;
}

/** A `conversation` frame: placed in the list if it belongs to it, out if it no longer does. */
export function upsert(item: ConversationSummary): void {
  if (item.id === selectedId.peek()) held.value = upsertConversation(held.peek() ? [held.peek()!] : [], item)[0]!;
  conversations.value = placeConversation(conversations.peek(), item, { query: listQuery.peek(), agentId, next: nextCursor.peek() });
}

/** Keeps the list's latest message current even before the server's summary for it arrives. */
export function noteMessage(message: Message): void {
  const known = conversations.value.find((c) => c.id === message.conversationId);
  if (!known) return;
  const next = withMessage(known, message);
  if (next !== known) conversations.value = upsertConversation(conversations.peek(), next);
}

/** A `visitor` frame: their presence, page and details show in each of their conversations. */
export function noteVisitor(visitor: VisitorProfile): void {
  conversations.value = withVisitor(conversations.value, visitor);
}

/** Shows another query: what of the list still belongs stays until its first page comes. */
function showQuery(query: ListQuery): void {
  if (sameQuery(query, listQuery.peek())) return;
  holdSelected();
  listQuery.value = query;
  listCounts.value = null;
  nextCursor.value = null;
  loadingMore.value = false;
  conversations.value = narrowTo(conversations.peek(), query, agentId);
  sendFrame(listFrame(query));
}

export function setListView(view: ListView): void {
  showQuery({ ...listQuery.peek(), view });
}

/** A status filter is on or off; picking another replaces it. */
export function toggleListStatus(status: ListStatus): void {
  const current = listQuery.peek();
  showQuery({ ...current, status: current.status === status ? null : status });
}

export function setListTeam(team: string | null): void {
  showQuery({ ...listQuery.peek(), team });
}

export function setListSite(site: string | null): void {
  showQuery({ ...listQuery.peek(), site });
}

export function loadMore(): void {
  const after = nextCursor.peek();
  if (!after || loadingMore.peek()) return;
  loadingMore.value = sendFrame(listFrame(listQuery.peek(), after));
}

export function selectConversation(conversationId: string): void {
  if (conversationId !== selectedId.value) goToConversation(conversationId);
}

/** The server answers these with a `conversation` frame; the view changes when it arrives. */
export function joinConversation(conversationId: string): void {
  sendFrame({ t: 'join', conversationId });
}

export function leaveConversation(conversationId: string): void {
  sendFrame({ t: 'leave', conversationId });
}

export function closeConversation(conversationId: string): void {
  sendFrame({ t: 'close', conversationId });
}

/** To an agent, or to nobody (null); the server tells every console that may see it. */
export function assignConversation(conversationId: string, agentId: string | null): void {
  sendFrame({ t: 'assign', conversationId, agentId });
}

/** A `removed` frame: someone else grabbed it, or it was reassigned away from a grab team's agent. */
export function removeConversation(conversationId: string): void {
  conversations.value = conversations.value.filter((c) => c.id !== conversationId);
  if (held.peek()?.id === conversationId) held.value = null;
}

export function resetConversations(): void {
  conversations.value = [];
  listQuery.value = DEFAULT_LIST_QUERY;
  nextCursor.value = null;
  loadingMore.value = false;
  listCounts.value = null;
  listSites.value = [];
  held.value = null;
  agentId = '';
}
