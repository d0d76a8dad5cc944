/**
 * When the visitor has seen the conversation: the panel is open, the page visible, the log at its
 * end (the newest message in view) and the socket up. Only then is `seen` reported: it is what
 * agents see as "Seen", and what holds back the email fallback. Loaded with the panel.
 */
import { effect } from '@preact/signals-core';
import { countUnread, lastSeq } from './messages.ts';
import { atEnd, connected, isOpen, pageVisible, seen, thread } from './state.ts';
import * as store from './store.ts';

/** Calls `report` with the seq seen each time it rises; returns a stop. */
export function watchSeen(report: (seq: number) => void): () => void {
  return effect(() => {
    if (!isOpen.value || !pageVisible.value || !atEnd.value || !connected.value || !countUnread(thread.value, seen.value)) return;
    store.seen.value = { conversationId: thread.value.conversationId, seq: lastSeq(thread.value) };
    report(store.seen.value.seq);
  });
}
