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
  addVisitor(visitor: { id: string; siteId: string }, connection: Connection): () => void;
  addAgent(agentId: string, connection: Connection): () => void;
  toVisitor(visitorId: string, frame: VisitorServerFrame): void;
  /** Every connected visitor of a site. */
  toSite(siteId: string, frame: VisitorServerFrame): void;
  toAgent(agentId: string, frame: AgentServerFrame): void;
  toAgents(frame: AgentServerFrame): void;
  visitorConnections(visitorId: string): number;
  agentConnections(agentId: string): number;
  onlineVisitorIds(): string[];
  /** Sites with at least one visitor connected. */
  siteIds(): string[];
}
