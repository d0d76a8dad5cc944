import { describe, expect, it } from 'vitest';
import { withEmail } from '../src/lib/message-email.ts';
import { message } from './fixtures.ts';

describe('withEmail', () => {
  const sent = { status: 'sent', error: null } as const;

  it('sets the email state of the named messages only', () => {
    const held = [message(1), message(2, { author: 'agent' }), message(3, { author: 'agent' })];
    const next = withEmail(held, ['m2', 'm3', 'm9'], sent);
    expect(next.map((m) => m.email)).toEqual([null, sent, sent]);
    expect(next[0]).toBe(held[0]);
  });

  it('returns the held array itself when it holds none of them', () => {
    const held = [message(1)];
    expect(withEmail(held, ['m9'], sent)).toBe(held);
  });
});
