/** "Sent mail" for admins: the fallback emails as `GET /api/mail` lists them, fetched on demand. */
import { signal } from '@preact/signals';
import type { OutboxItem } from '@parley/protocol';
import { getOutbox } from '../api.ts';

export interface Outbox {
  /** Null until a first answer arrived. */
  items: readonly OutboxItem[] | null;
  loading: boolean;
  error: string | null;
}

const EMPTY: Outbox = { items: null, loading: false, error: null };

export const outbox = signal<Outbox>(EMPTY);

/** A failed refresh keeps the list it had, under the error. */
export async function loadOutbox(): Promise<void> {
  outbox.value = { ...outbox.value, loading: true };
  const result = await getOutbox();
  outbox.value = result.ok
    ? { items: result.value.items, loading: false, error: null }
    : { ...outbox.value, loading: false, error: result.message };
}

export function resetOutbox(): void {
  outbox.value = EMPTY;
}
