/**
 * How far this agent has read each conversation, as the last seq seen: the server keeps it per
 * agent, so every tab and browser shows the same unread dots, and a reload keeps them.
 */
import { computed, effect, signal, untracked } from '@preact/signals';
import { isUnread } from '../lib/conversations.ts';
import { conversations, selectedConversation } from './conversations.ts';
import { sendFrame } from './socket.ts';

const seen = signal<Readonly<Record<string, number>>>({});

function pageIsActive(): boolean {
  return document.visibilityState === 'visible' && document.hasFocus();
}

/** Whether the agent can see the page now: messages arriving in the open conversation are seen only then. */
export const pageActive = signal(pageIsActive());

export const unreadIds = computed(
  () => new Set(conversations.value.filter((c) => isUnread(c, seen.value[c.id])).map((c) => c.id)),
);

/** The server's marks (all listed ones on connect, then each change from any tab): they only rise. */
export function applySeen(items: Readonly<Record<string, number>>): void {
  const rising = Object.entries(items).filter(([id, seq]) => seq > (seen.value[id] ?? 0));
  if (rising.length > 0) seen.value = { ...seen.value, ...Object.fromEntries(rising) };
}

function markSeen(conversationId: string, seq: number): void {
  if ((seen.value[conversationId] ?? 0) >= seq) return;
  seen.value = { ...seen.value, [conversationId]: seq };
  sendFrame({ t: 'seen', conversationId, seq });
}

/** Marks the open conversation seen while the page is active; returns a stop. */
export function trackSeen(): () => void {
  const update = () => {
    pageActive.value = pageIsActive();
  };
  for (const type of ['focus', 'blur', 'visibilitychange'] as const) addEventListener(type, update);
  const stopEffect = effect(() => {
    const open = selectedConversation.value;
    if (open && pageActive.value) untracked(() => markSeen(open.id, open.lastSeq));
  });
  return () => {
    stopEffect();
    for (const type of ['focus', 'blur', 'visibilitychange'] as const) removeEventListener(type, update);
    seen.value = {};
  };
}
