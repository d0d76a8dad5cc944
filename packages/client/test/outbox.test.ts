import { describe, expect, it } from 'vitest';
import { newClientId } from '../src/client-id.ts';
import { heldUntil, persistOutbox, releaseDue, restoreOutbox, settle, unsent, withError, withRetry, type Outgoing, type OutboxStorage } from '../src/outbox.ts';
import { message } from './fakes.ts';

/** Storage as the widget's guarded localStorage behaves: JSON in, JSON out, null removes. */
function memoryStorage(): OutboxStorage & { items: Map<string, string> } {
  const items = new Map<string, string>();
  return {
    items,
    getJson: (name) => JSON.parse(items.get(name) ?? 'null'),
    setJson: (name, value) => (value == null ? items.delete(name) : items.set(name, JSON.stringify(value))),
  };
}

const outbox: Outgoing[] = [
  { clientId: 'a', text: 'one', at: 1 },
  { clientId: 'b', text: 'two', at: 2 },
];

describe('newClientId', () => {
  it('makes distinct URL-safe ids of 21 characters', () => {
    const ids = new Set(Array.from({ length: 100 }, newClientId));
    expect(ids.size).toBe(100);
    for (const id of ids) expect(id).toMatch(/^[\w-]{21}$/);
  });
});

describe('the outbox', () => {
  it('settles the sends whose client id the messages hold, and keeps the same array when none', () => {
    expect(settle(outbox, [message(1, { clientId: 'b' }), message(2)])).toEqual([outbox[0]]);
    expect(settle(outbox, [message(1)])).toBe(outbox);
  });

  it('marks a refused send, leaves it out of the resend, and clears it for a retry', () => {
    const refused = withError(outbox, 'a', 'Too fast');
    expect(refused[0]).toEqual({ ...outbox[0], error: 'Too fast' });
    expect(refused[1]).toBe(outbox[1]);
    expect(unsent(refused)).toEqual([outbox[1]]);
    const retried = withError(refused, 'a');
    expect(unsent(retried).map((o) => o.clientId)).toEqual(['a', 'b']);
  });

  it('returns the same array for a client id it does not hold', () => {
    expect(withError(outbox, 'elsewhere', 'nope')).toBe(outbox);
    expect(withRetry(outbox, 'elsewhere', 5)).toBe(outbox);
  });

  it('holds a send the server said "not yet" to until its time, keeps it, then releases it once', () => {
    const waiting = withRetry(outbox, 'a', 1000);
    expect(waiting.map((o) => o.clientId)).toEqual(['a', 'b']);
    expect(unsent(waiting)).toEqual([outbox[1]]);
    expect(heldUntil(waiting)).toBe(1000);
    expect(releaseDue(waiting, 999)).toEqual({ due: [], outbox: waiting });
    const released = releaseDue(waiting, 1000);
    expect(released.due).toEqual([outbox[0]]);
    expect(released.outbox).toEqual(outbox);
    expect(heldUntil(released.outbox)).toBe(0);
    expect(releaseDue(released.outbox, 2000).due).toEqual([]);
  });

  it('keeps extra fields a client adds, such as the conversation', () => {
    const replies = [{ ...outbox[0]!, conversationId: 'c1' }];
    expect(withError(replies, 'a', 'Closed')[0]!.conversationId).toBe('c1');
  });
});

describe('outbox persistence', () => {
  it('survives a reload, without the refusals, so the next page retries them', () => {
    const storage = memoryStorage();
    persistOutbox(storage, withRetry(withError(outbox, 'b', 'Too fast'), 'a', 1000));
    expect(restoreOutbox(storage)).toEqual(outbox);
  });

  it('removes the entry once empty', () => {
    const storage = memoryStorage();
    persistOutbox(storage, outbox);
    persistOutbox(storage, []);
    expect(storage.items.size).toBe(0);
    expect(restoreOutbox(storage)).toEqual([]);
  });

  it('ignores what is not an outbox: another version, another script, a hand edit', () => {
    const storage = memoryStorage();
    for (const value of [{ clientId: 'a' }, 'text', [null, 3, { clientId: 'a', text: 'one', at: 1 }, { text: 'x' }]]) {
      storage.setJson('pending', value);
      expect(restoreOutbox(storage)).toEqual(Array.isArray(value) ? [outbox[0]] : []);
    }
  });
});
