/**
 * The panel's state, as signals its components read. What the loader already holds (store.ts) is
 * mirrored here read-only: the loader's actions (open, close, identify) change it there.
 */
import type { Outgoing } from '@parley/client';
import { NO_RECEIPTS, type Receipts, type WidgetLanguage } from '@parley/protocol';
import { computed, effect, signal, type ReadonlySignal } from '@preact/signals-core';
import { countUnread, type Thread } from './messages.ts';
import * as store from './store.ts';

function mirror<T>(source: store.Box<T>): ReadonlySignal<T> {
  const copy = signal(source.value);
  source.watch((value) => (copy.value = value));
  return copy;
}

export const isOpen = mirror(store.isOpen);
export const stopped = mirror(store.stopped);
export const connected = mirror(store.connected);
export const available = mirror(store.available);
export const config = mirror(store.config);
export const email = mirror(store.email);
export const seen = mirror(store.seen);
export const preview = mirror(store.preview);
/** The site's language from its config; 'auto': the visitor's browser decides (i18n.ts). */
export const siteLanguage = computed<WidgetLanguage | 'auto'>(() => config.value?.language ?? 'auto');

export const thread = signal<Thread>({ conversationId: null, messages: [] });
/** The conversation holds messages before the first held one: the log loads them as the visitor scrolls up. */
export const older = signal(false);
/** How far the visitor's widgets and the agents' consoles have had the conversation: each message's Sent, Delivered, Seen. */
export const receipts = signal<Receipts>(NO_RECEIPTS);
/** The log is scrolled to its end: the newest message is in view. */
export const atEnd = signal(true);
export const outbox = signal<readonly Outgoing[]>([]);
/** The page is in view (conversation.ts follows it): what is shown to a hidden page is not seen. */
export const pageVisible = signal(true);
/** When unavailable because of the opening hours: when they next open (ms since epoch). */
export const backAt = signal<number | null>(null);
/** The name of the agent typing right now, or null. */
export const agentTyping = signal<string | null>(null);

/** What the visitor is writing: kept for this tab (conversation.ts), so a reload or the site's next page does not lose it. */
export const draft = signal('');

export const unread = computed(() => (isOpen.value ? 0 : countUnread(thread.value, seen.value)));
// The launcher's badge and the page's 'unread' events are the loader's.
effect(() => {
  store.unread.value = unread.value;
});
