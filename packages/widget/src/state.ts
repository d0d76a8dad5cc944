/** The widget's shared state. Loader and panel share these signals: one @preact/signals-core instance. */
import type { Outgoing } from '@parley/client';
import { NO_RECEIPTS, type Message, type Receipts, type WidgetConfig, type WidgetLanguage } from '@parley/protocol';
import { computed, signal } from '@preact/signals-core';
import { countUnread, type Seen, type Thread } from './messages.ts';

export const thread = signal<Thread>({ conversationId: null, messages: [] });
/** The conversation holds messages before the first held one: the log loads them as the visitor scrolls up. */
export const older = signal(false);
/** How far the visitor's widgets and the agents' consoles have had the conversation: each message's Sent, Delivered, Seen. */
export const receipts = signal<Receipts>(NO_RECEIPTS);
/** The log is scrolled to its end: the newest message is in view. */
export const atEnd = signal(true);
export const outbox = signal<readonly Outgoing[]>([]);
export const seen = signal<Seen>({ conversationId: null, seq: 0 });
/** Whether an agent can answer now; assumed until the server says otherwise. */
export const available = signal(true);
/** How the widget looks and what it says, from the welcome and `config` frames; null until the first welcome. */
export const config = signal<WidgetConfig | null>(null);
/** With no agent available because of the opening hours: when the team is back (ms since epoch); else null. */
export const backAt = signal<number | null>(null);
/** The visitor's email as the server knows it, or as given here (offline form, `identify`); null: unknown. */
export const email = signal<string | null>(null);
/** Welcomed by the server: frames can be sent. */
export const connected = signal(false);
/** The server refused this site or origin: the widget hides for the rest of the page's life. */
export const stopped = signal(false);
export const isOpen = signal(false);
/** The site's language from its config (welcome, live config frames); 'auto': the visitor's browser decides. */
export const siteLanguage = signal<WidgetLanguage | 'auto'>('auto');
export const pageVisible = signal(true);
/** An agent's message that arrived while the panel was closed: shown beside the launcher until opened or dismissed. */
export const preview = signal<Message | null>(null);
/** The name of the agent typing right now ('' when unnamed: the panel says "An agent" in the visitor's language), or null. */
export const agentTyping = signal<string | null>(null);

export const unread = computed(() => (isOpen.value ? 0 : countUnread(thread.value, seen.value)));
