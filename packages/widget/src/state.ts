/** The widget's shared state. Loader and panel share these signals: one @preact/signals-core instance. */
import { computed, signal } from '@preact/signals-core';
import { countUnread, type Outgoing, type Seen, type Thread } from './messages.ts';

export const thread = signal<Thread>({ conversationId: null, messages: [] });
export const outbox = signal<Outgoing[]>([]);
export const seen = signal<Seen>({ conversationId: null, seq: 0 });
/** Whether an agent can answer now; assumed until the server says otherwise. */
export const available = signal(true);
/** The visitor gave an email (offline form or `identify`), so the offline form is not asked again. */
export const emailGiven = signal(false);
/** Welcomed by the server: frames can be sent. */
export const connected = signal(false);
/** The server refused this site or origin: the widget hides for the rest of the page's life. */
export const stopped = signal(false);
export const isOpen = signal(false);
export const pageVisible = signal(true);
/** The name of the agent typing right now, or null. */
export const agentTyping = signal<string | null>(null);

export const unread = computed(() => (isOpen.value ? 0 : countUnread(thread.value, seen.value)));
