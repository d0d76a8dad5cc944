/** The address a request came from: the socket's peer, or, behind a trusted proxy, the client it names. */
import { parseAddress } from '../ports/address.ts';

export type ClientAddressInput = {
  socketAddress: string | undefined;
  /** The X-Forwarded-For header, if any. */
  forwardedFor: string | null | undefined;
  /** PARLEY_TRUST_PROXY=1: only then is the header believed, since anyone can send it. */
  trustProxy: boolean;
};

/**
 * In canonical form (IPv4-mapped IPv6 as IPv4). Behind a trusted proxy, the left-most valid
 * X-Forwarded-For entry, which is the client as the first proxy saw it; a header with no valid
 * entry falls back to the socket. Null only when the socket's address is unknown (closed socket).
 */
export function clientAddress({ socketAddress, forwardedFor, trustProxy }: ClientAddressInput): string | null {
  if (trustProxy && forwardedFor) {
    for (const entry of forwardedFor.split(',')) {
      const address = parseAddress(entry);
      if (address !== null) return address;
    }
  }
  return socketAddress === undefined ? null : parseAddress(socketAddress);
}
