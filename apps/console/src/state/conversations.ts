/** The conversation list, the filter over it, the selected conversation, and the agent's actions on one. */
import { computed, signal } from '@preact/signals';
import type { ConversationSummary, Message, VisitorProfile } from '@parley/protocol';
import {
  filterConversations,
  sortConversations,
  upsertConversation,
  withMessage,
  withVisitor,
  type ListFilter,
} from '../lib/conversations.ts';
import { goToConversation, route } from './router.ts';
import { sendFrame } from './socket.ts';

/** Sorted newest first at every write, so readers never sort. */
export const conversations = signal<readonly ConversationSummary[]>([]);
export const listFilter = signal<ListFilter>('all');

export const visibleConversations = computed(() => filterConversations(conversations.value, listFilter.value));

export const selectedId = computed(() => (route.value.name === 'inbox' ? route.value.conversationId : null));

export const selectedConversation = computed(() => {
  const id = selectedId.value;
  return id === null ? null : (conversations.value.find((c) => c.id === id) ?? null);
});

export function replaceConversations(items: readonly ConversationSummary[]): void {
  conversations.value = sortConversations(items);
}

export function upsert(item: ConversationSummary): void {
  conversations.value = upsertConversation(conversations.value, item);
}

/** Keeps the list's latest message current even before the server's summary for it arrives. */
export function noteMessage(message: Message): void {
  const held = conversations.value.find((c) => c.id === message.conversationId);
  if (!held) return;
  const next = withMessage(held, message);
  if (next !== held) upsert(next);
}

/** A `visitor` frame: their presence, page and details show in each of their conversations. */
export function noteVisitor(visitor: VisitorProfile): void {
  conversations.value = withVisitor(conversations.value, visitor);
}

export function setListFilter(filter: ListFilter): void {
  listFilter.value = filter;
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
}

export function resetConversations(): void {
  conversations.value = [];
  listFilter.value = 'all';
}
