/**
 * The visitor's conversation: the thread merged by seq, the outbox (which never drops a message: it
 * lives where sending happens), receipts, older pages, the agent typing, what is news (unread, the
 * preview, 'message' events, "Delivered"). Loaded with the panel; the loader (chat.ts) hands it
 * every frame, the ones from before it first.
 */
import { persistOutbox, releaseDue, restoreOutbox, resumeSeq, settle, unsent, withError, withRetry, type Outgoing } from '@parley/client';
import { laterReceipts, TYPING_TIMEOUT_MS, type Message, type VisitorClientFrame, type VisitorServerFrame } from '@parley/protocol';
import { batch } from '@preact/signals-core';
import { linkPanel, send, session, storage } from './chat.ts';
import { emit } from './events.ts';
import { guard } from './guard.ts';
import { t } from './i18n.ts';
import { addMessages, lastSeq } from './messages.ts';
import { watchSeen } from './seen.ts';
import { agentTyping, backAt, connected, draft, isOpen, older, outbox, pageVisible, receipts, seen, thread } from './state.ts';
import { preview } from './store.ts';

let visitorId = '';
/** The first welcome of a page load brings history, not news: no 'message' events for it. */
let welcomed = false;
/** The highest of the site's messages this tab confirmed receiving, per conversation: seqs restart with each. */
let delivered = { conversationId: null as string | null, seq: 0 };
let agentTypingExpiry: ReturnType<typeof setTimeout> | undefined;
let resendTimer: ReturnType<typeof setTimeout> | undefined;

const DRAFT = 'draft';

export function startConversation(): void {
  outbox.value = restoreOutbox(storage);
  draft.value = session.get(DRAFT) ?? '';
  draft.subscribe((text) => session.set(DRAFT, text || null));
  const updateVisibility = () => (pageVisible.value = document.visibilityState === 'visible');
  updateVisibility();
  document.addEventListener('visibilitychange', updateVisibility);
  // Opened, the chat shows the message itself.
  isOpen.subscribe((open) => open && (preview.value = null));
  watchSeen((seq) => {
    storage.setJson('seen', seen.value);
    send({ t: 'seen', seq });
  });
  linkPanel({ frame: receive, since: () => resumeSeq(thread.value.messages), unacked: () => unsent(outbox.value).map(sendFrame) });
  // The welcome may have come before the panel: what the outbox restored goes now (the server keeps one per client id).
  if (connected.value) for (const frame of unsent(outbox.value).map(sendFrame)) send(frame);
}

function receive(frame: VisitorServerFrame): void {
  switch (frame.t) {
    case 'welcome': {
      const otherVisitor = !!visitorId && visitorId !== frame.visitorId;
      visitorId = frame.visitorId;
      batch(() => {
        if (otherVisitor) {
          thread.value = { conversationId: null, messages: [] };
          agentTyping.value = null;
        }
        // Only a first page says whether older ones exist: a resume brings what came after the held ones.
        if (thread.value.messages.length === 0) older.value = frame.older;
        receiveMessages(frame.conversationId, frame.messages, welcomed && !otherVisitor);
        receipts.value = frame.receipts;
        backAt.value = frame.backAt;
      });
      welcomed = true;
      // Also for what came while the socket was down.
      confirmDelivered();
      return;
    }
    case 'ack': {
      const sent = outbox.value.find((o) => o.clientId === frame.clientId);
      if (sent) receiveMessages(frame.conversationId, [ackedMessage(frame, sent.text)], false);
      return;
    }
    case 'message':
      receiveMessages(frame.message.conversationId, [frame.message], true);
      return;
    case 'receipts':
      if (frame.conversationId === thread.value.conversationId) receipts.value = laterReceipts(receipts.value, frame.receipts);
      return;
    case 'older':
      if (frame.conversationId !== thread.value.conversationId) return;
      receiveMessages(frame.conversationId, frame.messages, false);
      older.value = frame.more;
      return;
    case 'availability':
      backAt.value = frame.backAt;
      return;
    case 'typing':
      clearTimeout(agentTypingExpiry);
      agentTyping.value = frame.on ? frame.name || t('anAgent') : null;
      // Typing frames can be lost with the agent's connection: the indicator must expire on its own.
      if (frame.on) agentTypingExpiry = setTimeout(() => (agentTyping.value = null), TYPING_TIMEOUT_MS);
      return;
    case 'error':
      if (!frame.clientId) return;
      // Sending too fast is not a failure: the message waits in the outbox and goes when allowed.
      if (frame.code === 'rate_limited') {
        setOutbox(withRetry(outbox.value, frame.clientId, Date.now() + (frame.retryAfterMs ?? 1000)));
        return resendWhenDue();
      }
      setOutbox(withError(outbox.value, frame.clientId, frame.message));
  }
}

function receiveMessages(conversationId: string | null, incoming: Message[], announce: boolean): void {
  const before = thread.value;
  const after = addMessages(before, conversationId, incoming);
  if (after === before) return;
  const known = before.conversationId === after.conversationId ? lastSeq(before) : 0;
  batch(() => {
    thread.value = after;
    setOutbox(settle(outbox.value, after.messages));
    if (incoming.some((m) => m.author === 'agent' && m.seq > known)) agentTyping.value = null;
  });
  confirmDelivered();
  if (!announce) return;
  for (const m of incoming) {
    if (m.author === 'visitor' || m.event || m.seq <= known) continue;
    if (m.author === 'agent' && !isOpen.peek()) preview.value = m;
    emit('message', m);
  }
}

/** Tells the server the site's messages reached this tab, for their "Delivered"; again if the socket was down. */
function confirmDelivered(): void {
  const { conversationId, messages } = thread.value;
  const seq = Math.max(0, ...messages.filter((m) => m.author !== 'visitor').map((m) => m.seq));
  const known = delivered.conversationId === conversationId ? delivered.seq : 0;
  if (seq > known && send({ t: 'delivered', seq })) delivered = { conversationId, seq };
}

/** The message an ack stands for: the server keeps the visitor's text as sent. */
export function ackedMessage(
  ack: { clientId: string; id: string; seq: number; conversationId: string; at: number },
  text: string,
): Message {
  const { clientId, id, seq, conversationId, at } = ack;
  return { id, conversationId, seq, clientId, author: 'visitor', authorName: null, event: null, subjectName: null, params: null, text, at, email: null };
}

export function setOutbox(next: readonly Outgoing[]): void {
  if (next === outbox.value) return;
  outbox.value = next;
  persistOutbox(storage, next);
}

/** Sends the waiting messages when their time comes, in order; ones the socket cannot take now go with the next welcome. */
export function resendWhenDue(): void {
  clearTimeout(resendTimer);
  const next = Math.min(...outbox.value.map((o) => o.retryAt ?? Infinity));
  if (next === Infinity) return;
  resendTimer = setTimeout(
    guard(() => {
      const { due, outbox: rest } = releaseDue(outbox.value, Date.now());
      setOutbox(rest);
      for (const o of due) send(sendFrame(o));
      resendWhenDue();
    }),
    next - Date.now(),
  );
}

export function sendFrame({ clientId, text }: Outgoing): VisitorClientFrame {
  return { t: 'send', clientId, text };
}
