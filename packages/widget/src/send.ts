/** What the visitor writes: messages into the outbox, retries, the offline form, typing. Loaded with the panel, which has the message box. */
import { heldUntil, newClientId, typingThrottle, withError } from '@parley/client';
import { identify, send, wake } from './chat.ts';
import { resendWhenDue, sendFrame, setOutbox } from './conversation.ts';
import { HISTORY_PAGE } from '@parley/protocol';
import { older, outbox, thread } from './state.ts';

const typing = typingThrottle((on) => send({ t: 'typing', on }));
export const typed = typing.input;
export const stopTyping = typing.stop;

/** Returns whether the text was taken (it was not empty). */
export function sendMessage(text: string): boolean {
  text = text.trim();
  if (!text) return false;
  const at = Date.now();
  const held = heldUntil(outbox.value);
  const sent = { clientId: newClientId(), text, at };
  stopTyping();
  // Messages the server asked to wait go first: this one waits behind them.
  if (held > at) {
    setOutbox([...outbox.value, { ...sent, retryAt: held }]);
    resendWhenDue();
    return true;
  }
  setOutbox([...outbox.value, sent]);
  if (!send(sendFrame(sent))) wake();
  return true;
}

export function retry(clientId: string): void {
  const failed = outbox.value.find((o) => o.clientId === clientId);
  if (!failed) return;
  setOutbox(withError(outbox.value, clientId));
  send(sendFrame(failed));
}

/** The seq an `older` request went out for: asked once until the page comes (or the socket reconnects and asking again is harmless). */
let olderAsked = 0;

/** Asks for the page before the oldest held message; the `older` frame that answers lands in chat.ts. */
export function loadOlder(): void {
  const before = thread.value.messages[0]?.seq;
  if (!older.value || !before || before === olderAsked) return;
  if (send({ t: 'older', before, limit: HISTORY_PAGE })) olderAsked = before;
}

/**
 * The offline form: the message, then the email. The email is read only when an answer is to be
 * mailed, long after; sent second, it finds the conversation the message started, whose transcript
 * records "The visitor gave their email".
 */
export function leaveMessage(address: string, text: string): void {
  sendMessage(text);
  identify({ email: address, typed: true });
}
