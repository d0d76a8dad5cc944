import { describe, expect, it } from 'vitest';
import { conversationPath, customerPath, parseRoute } from '../src/lib/route.ts';
import { relativeTime } from '../src/lib/time.ts';

describe('parseRoute', () => {
  it('reads the setup token', () => {
    expect(parseRoute('/console/setup', '?token=abc', '/console/')).toEqual({ name: 'setup', token: 'abc' });
    expect(parseRoute('/console/setup', '', '/console/')).toEqual({ name: 'setup', token: '' });
  });

  it('reads a selected conversation and round-trips its path', () => {
    const path = conversationPath('/console/', 'a b/c');
    expect(parseRoute(path, '', '/console/')).toEqual({ name: 'inbox', conversationId: 'a b/c' });
  });

  it('reads the visitors and sent mail views', () => {
    expect(parseRoute('/console/visitors', '', '/console/')).toEqual({ name: 'visitors' });
    expect(parseRoute('/console/mail', '', '/console/')).toEqual({ name: 'mail' });
  });

  it('reads History, with or without a conversation open', () => {
    expect(parseRoute('/console/history', '', '/console/')).toEqual({ name: 'history', conversationId: null });
    expect(parseRoute('/console/history/c/a%20b', '', '/console/')).toEqual({ name: 'history', conversationId: 'a b' });
  });

  it('reads the customers list and a customer, round-tripping its path', () => {
    expect(parseRoute(customerPath('/console/', null), '', '/console/')).toEqual({ name: 'customers', customerId: null });
    expect(parseRoute(customerPath('/console/', 'a b/c'), '', '/console/')).toEqual({ name: 'customers', customerId: 'a b/c' });
    expect(parseRoute('/console/customers/a/b', '', '/console/')).toEqual({ name: 'inbox', conversationId: null });
  });

  it('falls back to the inbox for anything else', () => {
    for (const path of ['/console/', '/console', '/console/nope/deeper', '/elsewhere']) {
      expect(parseRoute(path, '', '/console/')).toEqual({ name: 'inbox', conversationId: null });
    }
  });
});

describe('relativeTime', () => {
  const now = Date.UTC(2025, 5, 15, 12);
  it('reads as a short age', () => {
    expect(relativeTime(now - 10_000, now)).toBe('now');
    expect(relativeTime(now + 5_000, now)).toBe('now');
    expect(relativeTime(now - 5 * 60_000, now)).toBe('5m');
    expect(relativeTime(now - 3 * 3_600_000, now)).toBe('3h');
    expect(relativeTime(now - 2 * 86_400_000, now)).toBe('2d');
  });
});
