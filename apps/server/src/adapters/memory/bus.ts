/** The Bus in one process: a broker that several nodes' buses share, the way Redis pub/sub joins processes. */
import type { Bus, Subscription, Topic } from '../../ports/bus.ts';

interface Listener {
  topics: ReadonlySet<Topic>;
  deliver(payload: string): void;
  closed: boolean;
}

export interface MemoryBroker {
  /** A Bus connected to this broker: what one server node holds. */
  node(): Bus;
}

/** `report` hears what a subscriber threw; the other subscribers still get the payload. */
export function createMemoryBroker(report: (error: unknown) => void = (error) => console.error('Bus: a subscriber failed:', error)): MemoryBroker {
  const byTopic = new Map<Topic, Set<Listener>>();

  const listen = (listener: Listener) => {
    for (const topic of listener.topics) {
      let set = byTopic.get(topic);
      if (!set) byTopic.set(topic, (set = new Set()));
      set.add(listener);
    }
  };
  const unlisten = (listener: Listener) => {
    for (const topic of listener.topics) {
      const set = byTopic.get(topic);
      set?.delete(listener);
      if (set?.size === 0) byTopic.delete(topic);
    }
  };

  function publish(topics: readonly Topic[], payload: string) {
    // A set: a subscription hearing several of the topics is still one recipient.
    const recipients = new Set<Listener>();
    for (const topic of topics) for (const listener of byTopic.get(topic) ?? []) recipients.add(listener);
    // Delivered on a microtask, as a remote transport would be later: a subscriber that publishes
    // while it is being delivered to cannot overtake the payload others have not had yet, and
    // microtasks run in the order they were queued, so publish order holds.
    queueMicrotask(function deliverPublished() {
      for (const listener of recipients) {
        if (listener.closed) continue;
        try {
          listener.deliver(payload);
        } catch (error) {
          report(error);
        }
      }
    });
  }

  return {
    node() {
      const mine = new Set<Listener>();
      let closed = false;
      const ensureOpen = () => {
        if (closed) throw new Error('This bus is closed: take a new node from the broker.');
      };
      const stop = (listener: Listener) => {
        listener.closed = true;
        unlisten(listener);
        mine.delete(listener);
      };
      return {
        async publish(topics, payload) {
          ensureOpen();
          publish(topics, payload);
        },
        subscribe(topics, deliver): Subscription {
          ensureOpen();
          const listener: Listener = { topics: new Set(topics), deliver, closed: false };
          listen(listener);
          mine.add(listener);
          return {
            setTopics(next) {
              if (listener.closed) return;
              unlisten(listener);
              listener.topics = new Set(next);
              listen(listener);
            },
            close: () => stop(listener),
          };
        },
        async close() {
          closed = true;
          for (const listener of mine) stop(listener);
        },
      };
    },
  };
}
