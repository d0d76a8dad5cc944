/**
 * Who holds a live socket, on which node. Every entry names its node, so when a node dies a
 * shared adapter (Redis) can drop its entries (dropNode) and nobody stays "online" forever.
 */
export type PresenceKind = 'visitor' | 'agent';

export interface PresenceEntry {
  kind: PresenceKind;
  /** The visitor's or the agent's id. */
  id: string;
  /** The visitor's site; null for agents. */
  siteId: string | null;
  /** The node holding the socket. */
  node: string;
  /** The socket, unique within its node. */
  connection: string;
}

export interface Presence {
  /** Adds a socket; resolves with how many sockets that visitor or agent holds now, on all nodes. */
  connect(entry: PresenceEntry): Promise<number>;
  /** Removes a socket; resolves with how many are left (0: they went offline). Unknown entries are no-ops. */
  disconnect(entry: Pick<PresenceEntry, 'kind' | 'id' | 'node' | 'connection'>): Promise<number>;
  count(kind: PresenceKind, id: string): Promise<number>;
  /** Of `ids`, those with at least one socket. */
  onlineOf(kind: PresenceKind, ids: readonly string[]): Promise<Set<string>>;
  /** Every online id of a kind, optionally only one site's visitors. */
  online(kind: PresenceKind, siteId?: string): Promise<string[]>;
  /** Sites with at least one visitor online. */
  sitesWithVisitors(): Promise<string[]>;
  /** Drops every entry of a node; resolves with the visitors and agents that went offline by it. */
  dropNode(node: string): Promise<Array<{ kind: PresenceKind; id: string }>>;
  /**
   * A shared adapter drops the entries of a node that stopped beating (it died): `listener` hears
   * who went offline by it, on one node only. In one process no node dies alone, so none is told.
   */
  onExpired?(listener: (offline: Array<{ kind: PresenceKind; id: string }>) => void): void;
}
