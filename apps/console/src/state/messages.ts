/**
 * Threads (the messages held per conversation), replies waiting for their ack, and drafts.
 * A thread exists only once its history arrived: live messages for a conversation never opened
 * are left to its history, or resuming from the highest seq held would skip the older ones.
 */
import { signal } from '@preact/signals';
import { MAX_MESSAGE_LENGTH, type Message, type MessageEmail } from '@parley/protocol';
import { newClientId } from '../lib/client-id.ts';
import { mergeMessages, resumeSeq, withEmail } from '../lib/messages.ts';
import { sendFrame } from './socket.ts';

export interface PendingReply {
  clientId: string;
  conversationId: string;
  text: string;
  at: number;
  /** The server's message when it refused the reply; such a reply waits for Retry or Discard. */
  error: string | null;
}

export const threads = signal<Readonly<Record<string, readonly Message[]>>>({});
export const pending = signal<readonly PendingReply[]>([]);
export const drafts = signal<Readonly<Record<string, string>>>({});

/** Asks for everything after what is held; the answer is a `history` frame. */
export function openThread(conversationId: string): void {
  sendFrame({ t: 'open', conversationId, since: resumeSeq(threads.value[conversationId] ?? []) });
}

function settle(conversationId: string, incoming: readonly Message[]): void {
  const held = threads.value[conversationId] ?? [];
  const merged = mergeMessages(held, incoming);
  if (merged !== held || !(conversationId in threads.value)) {
    threads.value = { ...threads.value, [conversationId]: merged };
  }
  const arrived = new Set(incoming.filter((m) => m.author === 'agent' && m.clientId).map((m) => m.clientId));
  if (arrived.size > 0 && pending.value.some((p) => arrived.has(p.clientId))) {
    pending.value = pending.value.filter((p) => !arrived.has(p.clientId));
  }
}

export function applyHistory(conversationId: string, messages: readonly Message[]): void {
  settle(conversationId, messages);
}

export function applyMessage(message: Message): void {
  const held = threads.value[message.conversationId];
  if (!held) return;
  const resumeFrom = resumeSeq(held);
  settle(message.conversationId, [message]);
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
  applyMessage({ ...ack, author: 'agent', authorName, text: reply.text, email: null });
}

/** Marks a reply refused; false when the error was about no reply of ours. */
export function failReply(clientId: string, message: string): boolean {
  if (!pending.value.some((p) => p.clientId === clientId)) return false;
  pending.value = pending.value.map((p) => (p.clientId === clientId ? { ...p, error: message } : p));
  return true;
}

function transmit(reply: PendingReply): void {
  sendFrame({ t: 'send', conversationId: reply.conversationId, clientId: reply.clientId, text: reply.text });
}

/** Queues the reply and sends it if connected; otherwise resendPending() sends it on reconnect. */
export function sendReply(conversationId: string, text: string): void {
  const trimmed = text.trim();
  if (!trimmed || trimmed.length > MAX_MESSAGE_LENGTH) return;
  const reply: PendingReply = { clientId: newClientId(), conversationId, text: trimmed, at: Date.now(), error: null };
  pending.value = [...pending.value, reply];
  drafts.value = { ...drafts.value, [conversationId]: '' };
  transmit(reply);
}

/** Re-sends every reply not yet acked nor refused, with its own clientId: the server keeps one copy. */
export function resendPending(): void {
  for (const reply of pending.value) if (!reply.error) transmit(reply);
}

export function retryReply(clientId: string): void {
  const reply = pending.value.find((p) => p.clientId === clientId);
  if (!reply) return;
  const retried = { ...reply, error: null };
  pending.value = pending.value.map((p) => (p === reply ? retried : p));
  transmit(retried);
}

export function discardReply(clientId: string): void {
  pending.value = pending.value.filter((p) => p.clientId !== clientId);
}

export function setDraft(conversationId: string, text: string): void {
  drafts.value = { ...drafts.value, [conversationId]: text };
}

export function resetMessages(): void {
  threads.value = {};
  pending.value = [];
  drafts.value = {};
}
