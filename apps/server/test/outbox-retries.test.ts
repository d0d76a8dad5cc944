/** The outbox's retry rules; the mail store itself is in the Store contract (contracts/store.contract.ts). */
import { describe, expect, it } from 'vitest';
import { failureOf, retryDelay } from '../src/core/mail/outbox-worker.ts';

describe('retries', () => {
  it('backs off exponentially from the base, with jitter, capped at an hour', () => {
    expect([1, 2, 3].map((n) => retryDelay(n, 30_000, () => 1))).toEqual([30_000, 60_000, 120_000]);
    expect(retryDelay(1, 30_000, () => 0)).toBe(15_000);
    expect(retryDelay(20, 30_000, () => 1)).toBe(3_600_000);
  });

  it('gives up on 5xx for the recipient or the message, and calls 550/551/553 to RCPT a bounce', () => {
    expect(failureOf({ message: 'x', responseCode: 550, command: 'RCPT TO' })).toMatchObject({ permanent: true, bounced: true });
    expect(failureOf({ message: 'x', responseCode: 554, command: 'DATA' })).toMatchObject({ permanent: true, bounced: false });
    expect(failureOf({ message: 'x', responseCode: 451, command: 'RCPT TO' })).toMatchObject({ permanent: false });
    expect(failureOf({ message: 'x', responseCode: 535, command: 'AUTH PLAIN' })).toMatchObject({ permanent: false });
    expect(failureOf(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ESOCKET' }))).toMatchObject({ permanent: false, reason: 'connect ECONNREFUSED' });
  });
});
