/** Where an IP address is, roughly: looked up offline, never over the network. */
import type { Location } from '@parley/protocol';

export interface GeoIp {
  /**
   * Null for private, loopback and malformed addresses and for addresses the database lacks;
   * never rejects. The first lookup of each address family waits for its database file to be
   * read (about 0.1 s, off the event loop); later ones take microseconds.
   */
  /** `ip` in any spelling parseAddress reads. */
  lookup(ip: string): Promise<Location | null>;
}
