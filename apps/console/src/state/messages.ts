/**
 * Threads (the messages held per conversation), replies waiting for their ack, and drafts.
 * A thread exists only once its history arrived: live messages for a conversation never opened
 * are left to its history, or resuming from the highest seq held would skip the older ones.
 */
import { signal } from '@preact/signals';
import { mergeMessages, newClientId, resumeSeq, settle, unsent, withError, type Outgoing } from '@parley/client';
import { HISTORY_PAGE, laterReceipts, MAX_MESSAGE_LENGTH, NO_RECEIPTS, type AgentClientFrame, type ConversationSummary, type Message, type MessageEmail, type Receipts } from '@parley/protocol';
import { withEmail } from '../lib/message-email.ts';
import { sendFrame } from './socket.ts';

/** A reply not acked yet; one the server refused (its `error`) waits for Retry or Discard. */
export interface PendingReply extends Outgoing {
  conversationId: string;
}

export const threads = signal<Readonly<Record<string, readonly Message[]>>>({});
/** Receipts heard live since the conversation's list line came: the line may be older, marks only rise. */
const liveReceipts = signal<Readonly<Record<string, Receipts>>>({});
/** Per conversation, the highest visitor message this console confirmed receiving. */
const confirmed = new Map<string, number>();
export const pending = signal<readonly PendingReply[]>([]);
export const drafts = signal<Readonly<Record<string, string>>>({});

/** Per conversation, the seq an `older` request went out for and has no answer yet. */
const olderAsked = new Map<string, number>();

/**
 * Asks for everything after what is held (nothing held: the latest page); the answer is a
 * `history` frame. A reconnect asks again, so unanswered older requests may go again too.
 */
export function openThread(conversationId: string): void {
  olderAsked.delete(conversationId);
  sendFrame({ t: 'open', conversationId, since: resumeSeq(threads.value[conversationId] ?? []) });
}

/** Seqs start at 1 without gaps, and the console holds every kind of message: a first one past 1 has older ones before it. */
export function hasOlder(thread: readonly Message[] | undefined): boolean {
  return (thread?.[0]?.seq ?? 1) > 1;
}

/** Asks for the page before the oldest held message, once until it comes; the answer is an `older` frame. */
export function loadOlder(conversationId: string): void {
  const thread = threads.value[conversationId];
  if (!hasOlder(thread)) return;
  const before = thread![0]!.seq;
  if (olderAsked.get(conversationId) === before) return;
  olderAsked.set(conversationId, before);
  sendFrame({ t: 'older', conversationId, before, limit: HISTORY_PAGE });
}

export function applyOlder(conversationId: string, messages: readonly Message[]): void {
  olderAsked.delete(conversationId);
  if (conversationId in threads.value) receive(conversationId, messages);
}

export function applyReceipts(conversationId: string, receipts: Receipts): void {
  const held = liveReceipts.value[conversationId] ?? NO_RECEIPTS;
  liveReceipts.value = { ...liveReceipts.value, [conversationId]: laterReceipts(held, receipts) };
}

export function receiptsOf(conversation: ConversationSummary): Receipts {
  const live = liveReceipts.value[conversation.id];
  return live ? laterReceipts(conversation.receipts, live) : conversation.receipts;
}

/** The visitor's messages reached this console: says so once per new highest seq, for their "Delivered". */
export function confirmDelivered(conversationId: string, incoming: readonly Message[]): void {
  const seq = Math.max(0, ...incoming.filter((m) => m.author === 'visitor').map((m) => m.seq));
  if (seq <= (confirmed.get(conversationId) ?? 0)) return;
  confirmed.set(conversationId, seq);
  sendFrame({ t: 'delivered', conversationId, seq });
}

function receive(conversationId: string, incoming: readonly Message[]): void {
  const held = threads.value[conversationId] ?? [];
  const merged = mergeMessages(held, incoming);
  if (merged !== held || !(conversationId in threads.value)) {
    threads.value = { ...threads.value, [conversationId]: merged };
  }
  pending.value = settle(pending.value, incoming.filter((m) => m.author === 'agent'));
}

export function applyHistory(conversationId: string, messages: readonly Message[]): void {
  receive(conversationId, messages);
  confirmDelivered(conversationId, messages);
}

export function applyMessage(message: Message): void {
  confirmDelivered(message.conversationId, [message]);
  const held = threads.value[message.conversationId];
  if (!held) return;
  const resumeFrom = resumeSeq(held);
  receive(message.conversationId, [message]);
  // A frame was lost on the way (a reconnect, a missed broadcast): fetch the gap.
  if (message.seq > resumeFrom + 1) openThread(message.conversationId);
}

/** A thread not held yet gets the state with its history. */
export function applyEmail(conversationId: string, messageIds: readonly string[], email: MessageEmail): void {
  const held = threads.value[conversationId];
  if (!held) return;
  const next = withEmail(held, messageIds, email);
  if (next !== held) threads.value = { ...threads.value, [conversationId]: next };
}

/** The ack carries no text: the message is rebuilt from the reply it acknowledges. */
export function applyAck(
  ack: { clientId: string; id: string; seq: number; conversationId: string; at: number },
  authorName: string,
): void {
  const reply = pending.value.find((p) => p.clientId === ack.clientId);
  if (!reply) return;
  pending.value = pending.value.filter((p) => p !== reply);
  applyMessage({ ...ack, author: 'agent', authorName, event: null, subjectName: null, params: null, text: reply.text, email: null });
}

/** Marks a reply refused; false when the error was about no reply of ours. */
export function failReply(clientId: string, message: string): boolean {
  const next = withError(pending.value, clientId, message);
  if (next === pending.value) return false;
  pending.value = next;
  return true;
}

function replyFrame({ conversationId, clientId, text }: PendingReply): AgentClientFrame {
  return { t: 'send', conversationId, clientId, text };
}

/** Queues the reply and sends it if connected; otherwise the socket re-sends it (unackedReplies) on reconnect. */
export function sendReply(conversationId: string, text: string): void {
  const trimmed = text.trim();
  if (!trimmed || trimmed.length > MAX_MESSAGE_LENGTH) return;
  const reply: PendingReply = { clientId: newClientId(), conversationId, text: trimmed, at: Date.now() };
  pending.value = [...pending.value, reply];
  drafts.value = { ...drafts.value, [conversationId]: '' };
  sendFrame(replyFrame(reply));
}

/** Every reply not yet acked nor refused, each with its own clientId: the server keeps one copy. */
export function unackedReplies(): AgentClientFrame[] {
  return unsent(pending.value).map(replyFrame);
}

export function retryReply(clientId: string): void {
  const reply = pending.value.find((p) => p.clientId === clientId);
  if (!reply) return;
  pending.value = withError(pending.value, clientId);
  sendFrame(replyFrame(reply));
}

export function discardReply(clientId: string): void {
  pending.value = pending.value.filter((p) => p.clientId !== clientId);
}

export function setDraft(conversationId: string, text: string): void {
  drafts.value = { ...drafts.value, [conversationId]: text };
}

export function resetMessages(): void {
  olderAsked.clear();
  confirmed.clear();
  liveReceipts.value = {};
  threads.value = {};
  pending.value = [];
  drafts.value = {};
}
