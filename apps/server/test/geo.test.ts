import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { isPublicAddress, parseAddress } from '../src/ports/address.ts';
import { defaultGeoIpFiles, openGeoIp } from '../src/adapters/geoip/geoip.ts';
import { toLocation } from '../src/adapters/geoip/location.ts';

describe('openGeoIp on the bundled database', () => {
  const geo = openGeoIp();

  // Country, not city: cities move between monthly releases, these countries have not in decades.
  test('places a public IPv4 address in its country', async () => {
    expect(await geo.lookup('8.8.8.8')).toMatchObject({ countryCode: 'US', country: 'United States' });
  });

  test('places a public IPv6 address in its country', async () => {
    // Deutsche Telekom's consumer block.
    const location = await geo.lookup('2003::1');
    expect(location).toMatchObject({ countryCode: 'DE', country: 'Germany' });
    expect(location?.city).toEqual(expect.any(String));
  });

  test('a cached lookup returns the same location, however the address is spelled', async () => {
    const first = await geo.lookup('8.8.8.8');
    expect(await geo.lookup('8.8.8.8')).toBe(first);
    expect(await geo.lookup('::ffff:8.8.8.8')).toBe(first);
    expect(await geo.lookup(' 8.8.8.8:443 ')).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
  });

  test.each([
    '127.0.0.1', '10.1.2.3', '172.16.5.4', '192.168.0.1', '100.64.0.1', '169.254.1.1', '0.0.0.0',
    '::1', '::', 'fe80::1', 'fe80::1%eth0', 'fd12:3456::1', '::ffff:192.168.1.1', '::ffff:c0a8:101',
    '2001:db8::1', '192.0.2.1', 'garbage', '', '1.2.3', '999.1.1.1', '8.8.8.8.8', '08.8.8.8',
  ])('%j has no location', async (ip) => {
    expect(await geo.lookup(ip)).toBeNull();
  });

  test('never rejects on input that is not a string', async () => {
    expect(await geo.lookup(undefined as unknown as string)).toBeNull();
  });
});

describe('openGeoIp on a given file', () => {
  test('never reads an IPv6 address from an IPv4-only database', async () => {
    const geo = openGeoIp(defaultGeoIpFiles().ipv4);
    expect(await geo.lookup('2003::1')).toBeNull();
    expect(await geo.lookup('8.8.8.8')).toMatchObject({ countryCode: 'US' });
  });

  test('refuses a missing file or one that is not .mmdb, naming the fix', () => {
    expect(() => openGeoIp('/nonexistent/GeoLite2-City.mmdb')).toThrow(/cannot be opened.*PARLEY_GEOIP_DB/);
    expect(() => openGeoIp(fileURLToPath(import.meta.url))).toThrow(/not a MaxMind \.mmdb database/);
  });
});

describe('toLocation', () => {
  test('reads the flat DB-IP record of ip-location-db', () => {
    expect(toLocation({ city: 'London', state1: 'England', state2: '', country_code: 'GB', postcode: '' })).toEqual({
      city: 'London',
      region: 'England',
      country: 'United Kingdom',
      countryCode: 'GB',
    });
  });

  test('reads the nested GeoLite2-City record', () => {
    const record = {
      city: { geoname_id: 2643743, names: { en: 'London', de: 'London' } },
      subdivisions: [{ iso_code: 'ENG', names: { en: 'England' } }],
      country: { iso_code: 'GB', names: { en: 'United Kingdom' } },
      location: { latitude: 51.5, longitude: -0.1 },
    };
    expect(toLocation(record)).toEqual({ city: 'London', region: 'England', country: 'United Kingdom', countryCode: 'GB' });
  });

  test('a record that names no place is no location', () => {
    expect(toLocation({ city: '', country_code: 'ZZ' })).toBeNull();
    expect(toLocation(null)).toBeNull();
  });
});

describe('addresses', () => {
  test('parseAddress strips ports, brackets and zones, and unmaps IPv4-mapped IPv6', () => {
    expect(parseAddress('[2001:DB8:0::1]:8080')).toBe('2001:db8::1');
    expect(parseAddress('203.0.113.9:51234')).toBe('203.0.113.9');
    expect(parseAddress('::ffff:203.0.113.9')).toBe('203.0.113.9');
    expect(parseAddress('fe80::1%eth0')).toBe('fe80::1');
    expect(parseAddress('not an address')).toBeNull();
  });

  test('isPublicAddress', () => {
    expect(isPublicAddress('8.8.8.8')).toBe(true);
    expect(isPublicAddress('2003::1')).toBe(true);
    expect(isPublicAddress('100.127.255.255')).toBe(false);
    expect(isPublicAddress('100.128.0.0')).toBe(true);
    expect(isPublicAddress('::ffff:10.0.0.1')).toBe(false);
    expect(isPublicAddress('nope')).toBe(false);
  });
});
