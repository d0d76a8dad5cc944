import { describe, expect, it } from 'vitest';
import { fallbackNote, messageEmailText } from '../src/lib/email.ts';
import { locationText, placeName } from '../src/lib/location.ts';
import { duration, lastActive } from '../src/lib/time.ts';
import { sortVisitors, upsertVisitor } from '../src/lib/visitors.ts';
import { visitor } from './fixtures.ts';

const oslo = { city: 'Oslo', region: 'Oslo', country: 'Norway', countryCode: 'NO' };

describe('placeName', () => {
  it('joins the known parts, saying a repeated one once', () => {
    expect(placeName({ city: 'Bergen', region: 'Vestland', country: 'Norway', countryCode: 'NO' })).toBe('Bergen, Vestland, Norway');
    expect(placeName(oslo)).toBe('Oslo, Norway');
    expect(placeName({ city: null, region: null, country: 'Norway', countryCode: 'NO' })).toBe('Norway');
  });

  it('is null when nothing is known', () => {
    expect(placeName(null)).toBeNull();
    expect(placeName({ city: null, region: ' ', country: null, countryCode: null })).toBeNull();
  });
});

describe('locationText', () => {
  it('gives the flag and the place', () => {
    expect(locationText(oslo, 'Europe/Oslo')).toEqual({ flag: '🇳🇴', text: 'Oslo, Norway' });
  });

  it('says Unknown, with the time zone as a hint when there is one', () => {
    expect(locationText(null, 'Europe/Oslo')).toEqual({ flag: '', text: 'Unknown (time zone Europe/Oslo)' });
    expect(locationText(null, null)).toEqual({ flag: '', text: 'Unknown' });
  });
});

describe('lastActive', () => {
  const now = Date.UTC(2025, 5, 15, 12);
  it('reads as an age in words', () => {
    expect(lastActive(now - 59_000, now)).toBe('just now');
    expect(lastActive(now + 5_000, now)).toBe('just now');
    expect(lastActive(now - 2 * 60_000, now)).toBe('2 min ago');
    expect(lastActive(now - 3 * 3_600_000, now)).toBe('3 h ago');
    expect(lastActive(now - 86_400_000, now)).toBe('1 day ago');
    expect(lastActive(now - 5 * 86_400_000, now)).toBe('5 days ago');
  });
});

describe('duration', () => {
  it('reads like a ticking clock', () => {
    expect(duration(-5)).toBe('0s');
    expect(duration(45_900)).toBe('45s');
    expect(duration(4 * 60_000 + 7_000)).toBe('4m 07s');
    expect(duration(3_600_000 + 5 * 60_000 + 59_000)).toBe('1h 05m');
  });
});

describe('fallbackNote', () => {
  it('says nothing while the visitor is online', () => {
    expect(fallbackNote(visitor('v', { online: true, email: 'a@b.co' }))).toBeNull();
  });

  it('says how an offline visitor is reached', () => {
    expect(fallbackNote(visitor('v', { email: 'a@b.co' }))).toBe('Customer is offline. Email fallback activated');
    expect(fallbackNote(visitor('v'))).toBe('Customer is offline. Add their email to reach them');
    expect(fallbackNote(visitor('v', { email: 'a@b.co', emailStatus: 'bounced' }))).toBe('Customer is offline. Their email bounced');
    expect(fallbackNote(visitor('v', { email: 'a@b.co', emailStatus: 'unsubscribed' }))).toBe('Customer is offline. They unsubscribed from email');
  });
});

describe('messageEmailText', () => {
  it('reads each state', () => {
    expect(messageEmailText({ status: 'sent', error: null })).toBe('Emailed ✓');
    expect(messageEmailText({ status: 'queued', error: null })).toBe('Email queued');
    expect(messageEmailText({ status: 'failed', error: '550 no such user' })).toBe('Email failed: 550 no such user');
  });
});

describe('visitors online', () => {
  const started = (id: string, at: number, fields = {}) =>
    visitor(id, { online: true, context: { ...visitor(id).context, visitStartedAt: at }, ...fields });

  it('lists the latest arrival first, ties by id', () => {
    const list = sortVisitors([started('b', 5), started('c', 9), started('a', 5)]);
    expect(list.map((v) => v.id)).toEqual(['c', 'a', 'b']);
  });

  it('adds, replaces, and drops a visitor who went offline', () => {
    let list = upsertVisitor([], started('a', 1));
    list = upsertVisitor(list, started('b', 2));
    list = upsertVisitor(list, started('a', 1, { displayName: 'Ana' }));
    expect(list.map((v) => v.displayName)).toEqual(['Visitor b', 'Ana']);
    list = upsertVisitor(list, started('b', 2, { online: false }));
    expect(list.map((v) => v.id)).toEqual(['a']);
  });

  it('returns the list itself for an offline visitor it did not hold', () => {
    const list = [started('a', 1)];
    expect(upsertVisitor(list, visitor('z'))).toBe(list);
  });
});
