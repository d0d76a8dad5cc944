import { describe, expect, test } from 'vitest';
import { readConfig } from '../src/config.ts';
import { clientAddress } from '../src/edges/client-address.ts';

describe('clientAddress', () => {
  test('ignores X-Forwarded-For unless a proxy is trusted', () => {
    expect(clientAddress({ socketAddress: '198.51.100.7', forwardedFor: '8.8.8.8', trustProxy: 0 })).toBe('198.51.100.7');
  });

  test('takes the entry as many hops from the right as there are trusted proxies', () => {
    expect(clientAddress({ socketAddress: '127.0.0.1', forwardedFor: ' 203.0.113.5 ', trustProxy: 1 })).toBe('203.0.113.5');
    expect(clientAddress({ socketAddress: '127.0.0.1', forwardedFor: '203.0.113.5, 10.0.0.2', trustProxy: 1 })).toBe('10.0.0.2');
    expect(clientAddress({ socketAddress: '127.0.0.1', forwardedFor: '203.0.113.5, 10.0.0.2', trustProxy: 2 })).toBe('203.0.113.5');
    expect(clientAddress({ socketAddress: '127.0.0.1', forwardedFor: 'unknown, [2001:db8::5]:443', trustProxy: 1 })).toBe('2001:db8::5');
    expect(clientAddress({ socketAddress: '127.0.0.1', forwardedFor: '::ffff:203.0.113.5', trustProxy: 1 })).toBe('203.0.113.5');
  });

  test('a client cannot rotate its address by writing its own left-hand entries', () => {
    // Our one proxy appends the peer it saw (198.51.100.9) to whatever the client sent.
    const seen = new Set<string | null>();
    for (const forged of ['1.1.1.1', '2.2.2.2, 3.3.3.3', '8.8.8.8, garbage', '']) {
      const forwardedFor = forged ? `${forged}, 198.51.100.9` : '198.51.100.9';
      seen.add(clientAddress({ socketAddress: '127.0.0.1', forwardedFor, trustProxy: 1 }));
    }
    expect([...seen]).toEqual(['198.51.100.9']);
  });

  test('falls back to the socket when the header is shorter than the hops or its entry is invalid', () => {
    for (const forwardedFor of ['garbage', '', ' , ', '999.0.0.1', '203.0.113.5, garbage', null, undefined]) {
      expect(clientAddress({ socketAddress: '::ffff:127.0.0.1', forwardedFor, trustProxy: 1 })).toBe('127.0.0.1');
    }
    expect(clientAddress({ socketAddress: '127.0.0.1', forwardedFor: '203.0.113.5', trustProxy: 2 })).toBe('127.0.0.1');
  });

  test('is null only when the socket has no address', () => {
    expect(clientAddress({ socketAddress: undefined, forwardedFor: null, trustProxy: 0 })).toBeNull();
  });
});

describe('PARLEY_TRUST_PROXY', () => {
  test('is a number of hops, 0 when unset', () => {
    expect(readConfig({}).trustProxy).toBe(0);
    expect(readConfig({ PARLEY_TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(readConfig({ PARLEY_TRUST_PROXY: '2' }).trustProxy).toBe(2);
  });

  test('refuses anything else at startup, saying what it wants', () => {
    for (const value of ['true', 'yes', '-1', '1.5', '10.0.0.1']) {
      expect(() => readConfig({ PARLEY_TRUST_PROXY: value })).toThrow(/PARLEY_TRUST_PROXY must be the number of reverse proxies/);
    }
  });
});
