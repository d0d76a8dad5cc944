/**
 * Carries serialized frames to topics. The core's audience module names the topics (a visitor's
 * tabs, a site's widgets, the agents of a team, one agent); each node's socket edge subscribes its
 * sockets to the topics they may hear. In one process this is a map; across nodes, Redis pub/sub.
 */
export type Topic = string;

export interface Subscription {
  /** Replaces the topics this subscription hears (an agent's teams or role changed). */
  setTopics(topics: readonly Topic[]): void;
  close(): void;
}

export interface Bus {
  /**
   * Delivers `payload` once to every subscription that hears at least one of `topics`, on every
   * node, in publish order per publisher. Resolves once handed to the transport, not once delivered.
   */
  publish(topics: readonly Topic[], payload: string): Promise<void>;
  subscribe(topics: readonly Topic[], deliver: (payload: string) => void): Subscription;
  /**
   * A shared bus (Redis) that lost its connection and got it back: what was published meanwhile
   * never arrived, so `listener` lets the node's sockets catch up. In one process nothing is lost.
   */
  onReconnect?(listener: () => void): void;
  close(): Promise<void>;
}
