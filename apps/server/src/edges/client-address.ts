/** The address a request came from: the socket's peer, or, behind trusted proxies, the client the nearest of them saw. */
import { parseAddress } from '../ports/address.ts';

export type ClientAddressInput = {
  socketAddress: string | undefined;
  /** The X-Forwarded-For header, if any. */
  forwardedFor: string | null | undefined;
  /** PARLEY_TRUST_PROXY: how many proxies in front of us append to the header; 0: it is not believed, since anyone can send it. */
  trustProxy: number;
};

/**
 * In canonical form (IPv4-mapped IPv6 as IPv4). Each trusted proxy appends the peer it saw, so
 * the last `trustProxy` entries are ours and the one `trustProxy` from the right is the client
 * as our outermost proxy saw it; everything left of it was written by the client and is never
 * read. A header too short for that, or an invalid entry there, falls back to the socket. Null
 * only when the socket's address is unknown (closed socket).
 */
export function clientAddress({ socketAddress, forwardedFor, trustProxy }: ClientAddressInput): string | null {
  if (trustProxy > 0 && forwardedFor) {
    const entries = forwardedFor.split(',');
    const entry = entries[entries.length - trustProxy];
    const address = entry === undefined ? null : parseAddress(entry);
    if (address !== null) return address;
  }
  return socketAddress === undefined ? null : parseAddress(socketAddress);
}
