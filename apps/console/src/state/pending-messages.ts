/** The "Pending messages" list: scheduled messages not sent yet (the agent's; an admin's has everyone's), and their cancel. */
import { signal } from '@preact/signals';
import type { PendingMessage } from '@parley/protocol';
import { cancelPendingMessage, getPendingMessages } from '../api.ts';

export interface PendingList {
  /** null: not loaded yet. */
  items: PendingMessage[] | null;
  error: string | null;
  /** The one being cancelled. */
  cancelling: string | null;
}

export const pendingMessages = signal<PendingList>({ items: null, error: null, cancelling: null });

export async function loadPendingMessages(): Promise<void> {
  const result = await getPendingMessages();
  pendingMessages.value = result.ok ? { ...pendingMessages.value, items: result.value.items, error: null } : { ...pendingMessages.value, error: result.message };
}

export async function cancelPending(id: string): Promise<void> {
  if (pendingMessages.value.cancelling) return;
  pendingMessages.value = { ...pendingMessages.value, cancelling: id, error: null };
  const result = await cancelPendingMessage(id);
  // Cancelled, or sent meanwhile: either way the list is the server's again, and a refusal says why.
  await loadPendingMessages();
  pendingMessages.value = { ...pendingMessages.value, cancelling: null, error: result.ok ? pendingMessages.value.error : result.message };
}

export function resetPendingMessages(): void {
  pendingMessages.value = { items: null, error: null, cancelling: null };
}
