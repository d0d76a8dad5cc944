/**
 * What the loader knows, as tiny observable values: no signals library is downloaded before the
 * chat opens. The panel's state.ts mirrors these into signals.
 */
import type { Message, WidgetConfig } from '@parley/protocol';
import type { Seen } from './unread.ts';

export interface Box<T> {
  value: T;
  /** Calls `listener` on every change (not now). */
  watch(listener: (value: T) => void): void;
}

export function box<T>(value: T): Box<T> {
  const listeners: ((value: T) => void)[] = [];
  return {
    get value() {
      return value;
    },
    set value(next) {
      if (next === value) return;
      value = next;
      for (const listener of listeners) listener(next);
    },
    watch: (listener) => void listeners.push(listener),
  };
}

/** Calls `paint` now and whenever one of `boxes` changes. */
export function paintOn(boxes: Box<unknown>[], paint: () => void): void {
  for (const b of boxes) b.watch(paint);
  paint();
}

export const isOpen = box(false);
/** The server refused this site or origin: the widget hides for the rest of the page's life. */
export const stopped = box(false);
/** Welcomed by the server: frames can be sent. */
export const connected = box(false);
/** Whether an agent can answer now; assumed until the server says otherwise. */
export const available = box(true);
/** The site's widget settings: the last ones stored on this browser until the welcome brings the current ones. */
export const config = box<WidgetConfig | null>(null);
/** The visitor's email as the server knows it, or as given here (offline form, `identify`); null: unknown. */
export const email = box<string | null>(null);
/** What the visitor has read: the panel moves it on; the loader brings the panel when something came after it. */
export const seen = box<Seen>({ conversationId: null, seq: 0 });
/** The panel chunk is needed now: the chat is to open, sends wait, or a message came that the visitor has not seen. */
export const panelWanted = box(false);
/** An agent's message that arrived while the panel was closed: shown beside the launcher until opened or dismissed. */
export const preview = box<Message | null>(null);
/** Counted by the panel, which holds the conversation; it is loaded whenever there is anything to count. */
export const unread = box(0);
/** The page's own title while ours flashes in its place (minimized.ts), for the page the agent sees. */
export const ownTitle = box<string | null>(null);
