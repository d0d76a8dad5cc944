/**
 * The outbox: sends the server has not acknowledged yet, keyed by their client id. Plain
 * functions over arrays, so each client keeps its outbox in its own signal; each returns the
 * array it was given when nothing changed, so such a signal does not notify.
 */
import { OUTBOX_KEY } from './outbox-key.ts';

export interface Outgoing {
  clientId: string;
  text: string;
  at: number;
  /** Why the server refused it: it waits for a retry and is not re-sent on reconnect. Never persisted. */
  error?: string;
  /** The server said "not yet" (rate_limited): it is sent again at this time, not before. Never persisted. */
  retryAt?: number;
}

/** Where an outbox outlives the page (the widget's localStorage). It must not throw: storage may be blocked or full. */
export interface OutboxStorage {
  getJson<T>(name: string): T | null;
  setJson(name: string, value: unknown): void;
}

/** Drops the sends the server has stored: acked, or found among messages (history, a broadcast). */
export function settle<T extends Outgoing>(outbox: readonly T[], messages: readonly { clientId: string | null }[]): readonly T[] {
  const held = new Set(messages.map((m) => m.clientId));
  const rest = outbox.filter((o) => !held.has(o.clientId));
  return rest.length === outbox.length ? outbox : rest;
}

/** Marks the send `clientId` refused with `error`; no error clears it for a retry. */
export function withError<T extends Outgoing>(outbox: readonly T[], clientId: string, error?: string): readonly T[] {
  if (!outbox.some((o) => o.clientId === clientId)) return outbox;
  return outbox.map((o) => (o.clientId === clientId ? { ...o, error } : o));
}

/** Holds the send `clientId` until `retryAt`: the server will take it then. */
export function withRetry<T extends Outgoing>(outbox: readonly T[], clientId: string, retryAt: number): readonly T[] {
  if (!outbox.some((o) => o.clientId === clientId)) return outbox;
  return outbox.map((o) => (o.clientId === clientId ? { ...o, retryAt } : o));
}

/** The sends whose wait is over by `now`, released to be sent again, and the outbox without their wait. */
export function releaseDue<T extends Outgoing>(outbox: readonly T[], now: number): { due: T[]; outbox: readonly T[] } {
  const due = outbox.filter((o) => o.retryAt !== undefined && o.retryAt <= now);
  if (!due.length) return { due, outbox };
  const released = due.map(({ retryAt: _, ...o }) => o as T);
  return { due: released, outbox: outbox.map((o) => released.find((r) => r.clientId === o.clientId) ?? o) };
}

/**
 * Until when the outbox is held back: the latest wait the server asked for, or 0. A send made
 * meanwhile waits as long, so it cannot overtake the ones before it.
 */
export function heldUntil(outbox: readonly Outgoing[]): number {
  return Math.max(0, ...outbox.map((o) => o.retryAt ?? 0));
}

/** What to send again after a reconnect: everything not refused nor waiting. The server keeps one copy per client id. */
export function unsent<T extends Outgoing>(outbox: readonly T[]): T[] {
  return outbox.filter((o) => !o.error && o.retryAt === undefined);
}

/** The outbox a previous page left; refused sends were stored as plain ones, so a reload retries them. */
export function restoreOutbox(storage: OutboxStorage): Outgoing[] {
  const stored = storage.getJson<Outgoing[]>(OUTBOX_KEY);
  return Array.isArray(stored) ? stored.filter((o) => typeof o?.clientId == 'string' && typeof o.text == 'string') : [];
}

export function persistOutbox(storage: OutboxStorage, outbox: readonly Outgoing[]): void {
  storage.setJson(OUTBOX_KEY, outbox.length ? outbox.map(({ clientId, text, at }) => ({ clientId, text, at })) : null);
}
