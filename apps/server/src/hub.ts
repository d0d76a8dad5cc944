/**
 * Who receives which frame. Every fan-out goes through here, so a shared bus (Redis) can
 * later carry frames between server nodes without touching sockets or routes.
 */
import type { AgentServerFrame, VisitorServerFrame } from '@parley/protocol';

/** One open socket, as the hub sees it: something that takes a serialized frame. */
export interface Connection {
  send(text: string): void;
}

export interface Hub {
  addVisitor(visitorId: string, connection: Connection): () => void;
  addAgent(agentId: string, connection: Connection): () => void;
  toVisitor(visitorId: string, frame: VisitorServerFrame): void;
  toAgents(frame: AgentServerFrame): void;
  visitorConnections(visitorId: string): number;
  agentsOnline(): number;
}

export function createHub(): Hub {
  const visitors = new Map<string, Set<Connection>>();
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

  return {
    addVisitor: (visitorId, connection) => add(visitors, visitorId, connection),
    addAgent: (agentId, connection) => add(agents, agentId, connection),
    toVisitor(visitorId, frame) {
      const set = visitors.get(visitorId);
      if (!set) return;
      // Serialized once however many tabs the visitor has open.
      const text = JSON.stringify(frame);
      for (const connection of set) connection.send(text);
    },
    toAgents(frame) {
      const text = JSON.stringify(frame);
      for (const set of agents.values()) for (const connection of set) connection.send(text);
    },
    visitorConnections: (visitorId) => visitors.get(visitorId)?.size ?? 0,
    agentsOnline: () => agents.size,
  };
}
