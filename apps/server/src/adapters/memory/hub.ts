/** The Hub in one process: maps of open sockets by visitor, site and agent. */
import type { Connection, Hub } from '../../ports/hub.ts';

export function createHub(): Hub {
  const visitors = new Map<string, Set<Connection>>();
  const sites = new Map<string, Set<Connection>>();
  const agents = new Map<string, Set<Connection>>();

  const add = (registry: Map<string, Set<Connection>>, id: string, connection: Connection) => {
    let set = registry.get(id);
    if (!set) registry.set(id, (set = new Set()));
    set.add(connection);
    return function remove() {
      set.delete(connection);
      if (set.size === 0 && registry.get(id) === set) registry.delete(id);
    };
  };

  // Serialized once however many sockets receive it.
  const broadcast = (connections: Iterable<Connection> | undefined, frame: object) => {
    if (!connections) return;
    const text = JSON.stringify(frame);
    for (const connection of connections) connection.send(text);
  };

  return {
    addVisitor(visitor, connection) {
      const fromVisitor = add(visitors, visitor.id, connection);
      const fromSite = add(sites, visitor.siteId, connection);
      return () => {
        fromVisitor();
        fromSite();
      };
    },
    addAgent: (agentId, connection) => add(agents, agentId, connection),
    toVisitor: (visitorId, frame) => broadcast(visitors.get(visitorId), frame),
    toSite: (siteId, frame) => broadcast(sites.get(siteId), frame),
    toAgent: (agentId, frame) => broadcast(agents.get(agentId), frame),
    toAgents(frame) {
      broadcast(
        [...agents.values()].flatMap((set) => [...set]),
        frame,
      );
    },
    visitorConnections: (visitorId) => visitors.get(visitorId)?.size ?? 0,
    agentConnections: (agentId) => agents.get(agentId)?.size ?? 0,
    onlineVisitorIds: () => [...visitors.keys()],
    siteIds: () => [...sites.keys()],
  };
}
