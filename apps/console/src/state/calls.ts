/** "Send call link": asks the server for the conversation's invitation; it arrives in the thread as every message does. */
import { newClientId } from '@parley/client';
import { signal } from '@preact/signals';
import { sendCall } from '../api.ts';
import { applyMessage } from './messages.ts';
import { showNotice } from './notice.ts';
import { strings } from '../strings.ts';

/** The conversation whose invitation is on its way. */
export const callSending = signal<string | null>(null);

export async function sendCallLink(conversationId: string): Promise<void> {
  callSending.value = conversationId;
  const result = await sendCall(conversationId, newClientId());
  callSending.value = null;
  if (result.ok) applyMessage(result.value.message);
  else showNotice(strings.composer.callLinkNotSent(result.message));
}
