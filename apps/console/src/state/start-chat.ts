/**
 * Writing first to a customer: one small composer open at a time. Sent now, the server acks the
 * message with its conversation's id and sends that conversation; it is selected once listed (a
 * customer not online gets it by email). With a "Send at" time it is scheduled over HTTP instead,
 * and shows in Pending messages (under Visitors online).
 */
import { signal } from '@preact/signals';
import { newClientId } from '@parley/client';
import { MAX_MESSAGE_LENGTH, type AgentClientFrame } from '@parley/protocol';
import { writeToCustomer } from '../api.ts';
import { showNotice } from './notice.ts';
import { loadPendingMessages } from './pending-messages.ts';
import { conversations, selectConversation } from './conversations.ts';
import { sendFrame } from './socket.ts';
import { strings } from '../strings.ts';

export interface StartChat {
  visitorId: string;
  text: string;
  /** The "Send at" input's value (local date and time); empty: now. */
  sendAt: string;
  /** Set once sent: the ack and any error name it. */
  clientId: string | null;
  /** Set by the ack: the conversation to select when it is listed. */
  conversationId: string | null;
  error: string | null;
}

export const startChat = signal<StartChat | null>(null);

function update(fields: Partial<StartChat>): void {
  if (startChat.value) startChat.value = { ...startChat.value, ...fields };
}

export function openStartChat(visitorId: string): void {
  startChat.value = { visitorId, text: '', sendAt: '', clientId: null, conversationId: null, error: null };
}

export function cancelStartChat(): void {
  startChat.value = null;
}

export function setStartText(text: string): void {
  update({ text });
}

export function setStartSendAt(sendAt: string): void {
  update({ sendAt });
}

export function sendStartChat(): void {
  const held = startChat.value;
  const text = held?.text.trim();
  if (!held || held.clientId || !text || text.length > MAX_MESSAGE_LENGTH) return;
  const clientId = newClientId();
  if (held.sendAt) return void schedule(held, clientId, text);
  if (sendFrame({ t: 'start', visitorId: held.visitorId, clientId, text })) update({ clientId, error: null });
  else update({ error: strings.errors.notConnected });
}

/** A start sent but not acked: re-sent after a reconnection with its clientId, which the server keeps once. */
export function unackedStart(): AgentClientFrame[] {
  const held = startChat.value;
  if (!held?.clientId || held.conversationId || held.sendAt) return [];
  return [{ t: 'start', visitorId: held.visitorId, clientId: held.clientId, text: held.text.trim() }];
}

function selectWhenListed(): void {
  const id = startChat.value?.conversationId;
  if (!id || !conversations.value.some((c) => c.id === id)) return;
  startChat.value = null;
  selectConversation(id);
}

export function applyStartAck(ack: { clientId: string; conversationId: string }): void {
  if (startChat.value?.clientId !== ack.clientId) return;
  update({ conversationId: ack.conversationId });
  selectWhenListed();
}

/** Call after a conversation arrived: it may be the one the ack named. */
export function noteListed(): void {
  selectWhenListed();
}

/** Keeps the text for another try; false when the error was about no start of ours. */
export function failStartChat(clientId: string, message: string): boolean {
  if (startChat.value?.clientId !== clientId) return false;
  update({ clientId: null, error: message });
  return true;
}

async function schedule(held: StartChat, clientId: string, text: string): Promise<void> {
  const sendAt = new Date(held.sendAt).getTime();
  if (Number.isNaN(sendAt)) return update({ error: strings.writeToCustomer.pickTime });
  update({ clientId, error: null });
  const result = await writeToCustomer(held.visitorId, { clientId, text, sendAt });
  if (startChat.value?.clientId !== clientId) return;
  if (!result.ok) return update({ clientId: null, error: result.message });
  startChat.value = null;
  showNotice(strings.writeToCustomer.scheduled(new Date(sendAt).toLocaleString()));
  void loadPendingMessages();
}
