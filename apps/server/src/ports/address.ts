/** The IP address value edges and the GeoIp port share: what an address string is, its one canonical spelling, and whether it can be placed on a map. */
import { BlockList, isIP } from 'node:net';

const V4_WITH_PORT = /^(\d{1,3}(?:\.\d{1,3}){3}):\d{1,5}$/;
const V6_IN_BRACKETS = /^\[([^\]]+)\](?::\d{1,5})?$/;
const V4_MAPPED_HEX = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/;

/**
 * The canonical form of an address as a socket or a proxy header spells it, or null if it is none.
 * Ports, brackets and zone ids go; IPv6 is lower-cased and compressed; IPv4-mapped IPv6 becomes
 * plain IPv4, so that one visitor has one address whichever stack accepted the connection.
 */
export function parseAddress(text: string): string | null {
  let address = text.trim();
  address = V6_IN_BRACKETS.exec(address)?.[1] ?? V4_WITH_PORT.exec(address)?.[1] ?? address;
  address = address.split('%')[0] ?? '';
  const version = isIP(address);
  if (version === 4) return address;
  if (version !== 6) return null;
  const canonical = new URL(`http://[${address}]`).hostname.slice(1, -1);
  const mapped = V4_MAPPED_HEX.exec(canonical);
  if (!mapped) return canonical;
  const high = parseInt(mapped[1] ?? '', 16);
  const low = parseInt(mapped[2] ?? '', 16);
  return `${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`;
}

// Ranges that are not globally routable (IANA special-purpose registries): a database may still
// hold a row covering them, and a visitor on the LAN must not be shown that row's city.
const notPublic = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16],
  ['172.16.0.0', 12], ['192.0.0.0', 24], ['192.0.2.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15],
  ['198.51.100.0', 24], ['203.0.113.0', 24], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) notPublic.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of [
  ['::', 96], ['64:ff9b:1::', 48], ['100::', 64], ['2001:2::', 48], ['2001:db8::', 32],
  ['3fff::', 20], ['fc00::', 7], ['fe80::', 10], ['fec0::', 10], ['ff00::', 8],
] as const) notPublic.addSubnet(network, prefix, 'ipv6');

/**
 * False for private, loopback, link-local, CGNAT, unique-local, documentation and multicast
 * addresses, and for anything that is not an IP address.
 */
export function isPublicAddress(text: string): boolean {
  const address = parseAddress(text);
  if (address === null) return false;
  return !notPublic.check(address, isIP(address) === 4 ? 'ipv4' : 'ipv6');
}
