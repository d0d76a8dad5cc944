/**
 * What this agent has seen, per conversation, as the last seq seen. Kept in localStorage under
 * the agent's id: the server has no per-agent read state, and a reload should not light every dot.
 */
import { computed, effect, signal, untracked } from '@preact/signals';
import { isUnread } from '../lib/conversations.ts';
import { conversations, selectedConversation } from './conversations.ts';

const seen = signal<Readonly<Record<string, number>>>({});
let storageKey: string | null = null;

function pageIsActive(): boolean {
  return document.visibilityState === 'visible' && document.hasFocus();
}

/** Whether the agent can see the page now: messages arriving in the open conversation are seen only then. */
export const pageActive = signal(pageIsActive());

export const unreadIds = computed(
  () => new Set(conversations.value.filter((c) => isUnread(c, seen.value[c.id])).map((c) => c.id)),
);

function markSeen(conversationId: string, seq: number): void {
  if ((seen.value[conversationId] ?? 0) >= seq) return;
  seen.value = { ...seen.value, [conversationId]: seq };
  try {
    if (storageKey) localStorage.setItem(storageKey, JSON.stringify(seen.value));
  } catch {
    // Storage full or blocked: the dots are right for this tab, which is what matters most.
  }
}

/** Loads the agent's seen marks and marks the open conversation seen while the page is active; returns a stop. */
export function trackSeen(agentId: string): () => void {
  storageKey = `parley.console.seen.${agentId}`;
  try {
    seen.value = JSON.parse(localStorage.getItem(storageKey) ?? '{}') as Record<string, number>;
  } catch {
    seen.value = {};
  }
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
    storageKey = null;
    seen.value = {};
  };
}
