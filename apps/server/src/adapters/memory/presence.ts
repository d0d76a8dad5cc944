/** Presence in one process: every node's sockets in maps, indexed by person, site and node. */
import type { Presence, PresenceEntry, PresenceKind } from '../../ports/presence.ts';

type Socket = Pick<PresenceEntry, 'node' | 'connection'>;

// NUL cannot appear in node names or connection ids, so joined keys never collide.
const socketKey = (socket: Socket) => `${socket.node}\0${socket.connection}`;

export function createMemoryPresence(): Presence {
  /** Each online visitor's and agent's sockets; an id is absent once it holds none. */
  const people: Record<PresenceKind, Map<string, Map<string, PresenceEntry>>> = { visitor: new Map(), agent: new Map() };
  /** Each site's online visitors, with how many sockets each holds there. */
  const sites = new Map<string, Map<string, number>>();
  const nodes = new Map<string, Set<PresenceEntry>>();

  const count = (kind: PresenceKind, id: string) => people[kind].get(id)?.size ?? 0;

  function addToSite(siteId: string, visitorId: string, delta: 1 | -1) {
    let visitors = sites.get(siteId);
    if (!visitors) sites.set(siteId, (visitors = new Map()));
    const held = (visitors.get(visitorId) ?? 0) + delta;
    if (held > 0) visitors.set(visitorId, held);
    else visitors.delete(visitorId);
    if (visitors.size === 0) sites.delete(siteId);
  }

  /** Removes one socket from every index, if it is there. */
  function remove(entry: Pick<PresenceEntry, 'kind' | 'id'> & Socket) {
    const held = people[entry.kind].get(entry.id);
    const stored = held?.get(socketKey(entry));
    if (!held || !stored) return;
    held.delete(socketKey(entry));
    if (held.size === 0) people[entry.kind].delete(entry.id);
    const onNode = nodes.get(stored.node);
    onNode?.delete(stored);
    if (onNode?.size === 0) nodes.delete(stored.node);
    if (stored.kind === 'visitor' && stored.siteId !== null) addToSite(stored.siteId, stored.id, -1);
  }

  return {
    async connect(entry) {
      // The same socket announced twice is one socket.
      remove(entry);
      const stored = { ...entry };
      let held = people[entry.kind].get(entry.id);
      if (!held) people[entry.kind].set(entry.id, (held = new Map()));
      held.set(socketKey(entry), stored);
      let onNode = nodes.get(entry.node);
      if (!onNode) nodes.set(entry.node, (onNode = new Set()));
      onNode.add(stored);
      if (entry.kind === 'visitor' && entry.siteId !== null) addToSite(entry.siteId, entry.id, 1);
      return held.size;
    },
    async disconnect(entry) {
      remove(entry);
      return count(entry.kind, entry.id);
    },
    async count(kind, id) {
      return count(kind, id);
    },
    async onlineOf(kind, ids) {
      return new Set(ids.filter((id) => count(kind, id) > 0));
    },
    async online(kind, siteId) {
      if (siteId === undefined) return [...people[kind].keys()];
      // Agents belong to no site.
      return kind === 'visitor' ? [...(sites.get(siteId)?.keys() ?? [])] : [];
    },
    async sitesWithVisitors() {
      return [...sites.keys()];
    },
    async dropNode(node) {
      const offline: Array<{ kind: PresenceKind; id: string }> = [];
      for (const entry of [...(nodes.get(node) ?? [])]) {
        remove(entry);
        if (count(entry.kind, entry.id) === 0) offline.push({ kind: entry.kind, id: entry.id });
      }
      return offline;
    },
  };
}
