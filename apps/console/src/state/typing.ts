/** Typing, both ways: the visitor's indicator per conversation, and this agent's throttled typing frames. */
import { signal } from '@preact/signals';
import { typingThrottle, type TypingThrottle } from '@parley/client';
import { TYPING_TIMEOUT_MS } from '@parley/protocol';
import { sendFrame } from './socket.ts';

/** Conversation ids whose visitor is typing now. */
export const visitorTyping = signal<ReadonlySet<string>>(new Set());
const expiries = new Map<string, ReturnType<typeof setTimeout>>();

/** `on` lasts TYPING_TIMEOUT_MS unless refreshed, so a lost `off` cannot leave the indicator on. */
export function setVisitorTyping(conversationId: string, on: boolean): void {
  clearTimeout(expiries.get(conversationId));
  expiries.delete(conversationId);
  if (on) expiries.set(conversationId, setTimeout(() => setVisitorTyping(conversationId, false), TYPING_TIMEOUT_MS));
  if (visitorTyping.value.has(conversationId) === on) return;
  const next = new Set(visitorTyping.value);
  if (on) next.add(conversationId);
  else next.delete(conversationId);
  visitorTyping.value = next;
}

/** The conversation this agent is typing in, with its throttle; typing elsewhere ends it. */
let typingIn: { conversationId: string; throttle: TypingThrottle } | null = null;

export function agentTyping(conversationId: string): void {
  if (typingIn?.conversationId !== conversationId) {
    typingIn?.throttle.stop();
    typingIn = { conversationId, throttle: typingThrottle((on) => sendFrame({ t: 'typing', conversationId, on })) };
  }
  typingIn.throttle.input();
}

export function agentStoppedTyping(): void {
  typingIn?.throttle.stop();
  typingIn = null;
}

export function resetTyping(): void {
  for (const timer of expiries.values()) clearTimeout(timer);
  expiries.clear();
  visitorTyping.value = new Set();
  agentStoppedTyping();
}
