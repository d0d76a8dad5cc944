import { describe, expect, test } from 'vitest';
import { clientAddress } from '../src/edges/client-address.ts';

describe('clientAddress', () => {
  test('ignores X-Forwarded-For unless the proxy is trusted', () => {
    expect(clientAddress({ socketAddress: '198.51.100.7', forwardedFor: '8.8.8.8', trustProxy: false })).toBe('198.51.100.7');
  });

  test('takes the left-most valid X-Forwarded-For entry from a trusted proxy', () => {
    const forwardedFor = ' 203.0.113.5 , 10.0.0.2, 127.0.0.1';
    expect(clientAddress({ socketAddress: '127.0.0.1', forwardedFor, trustProxy: true })).toBe('203.0.113.5');
    expect(clientAddress({ socketAddress: '127.0.0.1', forwardedFor: 'unknown, [2001:db8::5]:443', trustProxy: true })).toBe('2001:db8::5');
    expect(clientAddress({ socketAddress: '127.0.0.1', forwardedFor: '::ffff:203.0.113.5', trustProxy: true })).toBe('203.0.113.5');
  });

  test('falls back to the socket when the header has no valid entry or is missing', () => {
    for (const forwardedFor of ['garbage', '', ' , ', '999.0.0.1', null, undefined]) {
      expect(clientAddress({ socketAddress: '::ffff:127.0.0.1', forwardedFor, trustProxy: true })).toBe('127.0.0.1');
    }
  });

  test('is null only when the socket has no address', () => {
    expect(clientAddress({ socketAddress: undefined, forwardedFor: null, trustProxy: false })).toBeNull();
  });
});
