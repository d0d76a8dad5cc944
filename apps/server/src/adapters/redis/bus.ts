/**
 * The Bus over Redis pub/sub: one channel per topic, so a node hears only the topics its own
 * sockets listen to, however many topics an agent has. A payload for several topics is published
 * to each of their channels in one MULTI, with an id: the copies reach a node back to back, so a
 * subscription hearing several of them takes the first and skips the rest by remembering the last
 * id it took. The bus carries notices only (the database is the truth): what is published while
 * Redis is away is dropped, and onReconnect tells who needs to catch up.
 */
import { nanoid } from 'nanoid';
import type { Bus, Subscription, Topic } from '../../ports/bus.ts';
import type { RedisClient } from './client.ts';

interface Listener {
  channels: ReadonlySet<string>;
  deliver(payload: string): void;
  closed: boolean;
  /** The id of the last publish delivered: copies of one publish arrive one after another. */
  lastId: string;
}

export interface RedisBus extends Bus {
  /** `listener` runs each time the subscriber connection is back after an outage, resubscribed: payloads published meanwhile were lost. */
  onReconnect(listener: () => void): void;
}

export interface RedisBusOptions {
  prefix: string;
  /** Hears what a subscriber threw, and failed (un)subscribes; the other subscribers still get the payload. */
  report(error: unknown): void;
  /** Runs after close() stopped every subscription: closes the connections. */
  onClose(): Promise<void>;
}

/** `publisher` is a command connection; `subscriber` one of its own, which Redis puts in subscriber mode. */
export function createRedisBus(publisher: RedisClient, subscriber: RedisClient, { prefix, report, onClose }: RedisBusOptions): RedisBus {
  const byChannel = new Map<string, Set<Listener>>();
  const reconnected: Array<() => void> = [];
  // An id is this node's tag and a counter: unique across nodes without asking Redis.
  const origin = nanoid(10);
  let published = 0;
  let closed = false;
  const channelOf = (topic: Topic) => `${prefix}bus:${topic}`;

  function hear(message: string, channel: string) {
    const cut = message.indexOf('\n');
    const id = message.slice(0, cut);
    const payload = message.slice(cut + 1);
    // A copy: a subscription made while delivering waits for the next publish, as in one process.
    for (const listener of [...(byChannel.get(channel) ?? [])]) {
      if (listener.closed || listener.lastId === id) continue;
      listener.lastId = id;
      try {
        listener.deliver(payload);
      } catch (error) {
        report(error);
      }
    }
  }

  const listen = (listener: Listener, channels: Iterable<string>) => {
    for (const channel of channels) {
      let set = byChannel.get(channel);
      if (!set) {
        byChannel.set(channel, (set = new Set()));
        subscriber.subscribe(channel, hear).catch(report);
      }
      set.add(listener);
    }
  };
  const unlisten = (listener: Listener, channels: Iterable<string>) => {
    for (const channel of channels) {
      const set = byChannel.get(channel);
      set?.delete(listener);
      if (set?.size !== 0) continue;
      byChannel.delete(channel);
      if (!closed) subscriber.unsubscribe(channel, hear).catch(report);
    }
  };

  // Connected already: every 'ready' from now on is a reconnect, after the client resubscribed.
  subscriber.on('ready', () => {
    if (closed) return;
    for (const listener of reconnected) listener();
  });

  return {
    async publish(topics, payload) {
      if (closed) throw new Error('This bus is closed: publish before closing the server.');
      const channels = [...new Set(topics)].map(channelOf);
      // Redis is away: the notice is lost rather than queued behind the outage; onReconnect follows.
      if (channels.length === 0 || !publisher.isReady) return;
      const envelope = `${origin}:${published++}\n${payload}`;
      try {
        if (channels.length === 1) {
          await publisher.publish(channels[0]!, envelope);
        } else {
          const multi = publisher.multi();
          for (const channel of channels) multi.publish(channel, envelope);
          await multi.exec();
        }
      } catch (error) {
        report(error);
      }
    },
    subscribe(topics, deliver): Subscription {
      if (closed) throw new Error('This bus is closed: subscribe before closing the server.');
      const listener: Listener = { channels: new Set(topics.map(channelOf)), deliver, closed: false, lastId: '' };
      listen(listener, listener.channels);
      return {
        setTopics(next) {
          if (listener.closed) return;
          // Subscribed to the new channels before leaving the old: a topic in both is never let go.
          const before = listener.channels;
          listener.channels = new Set(next.map(channelOf));
          listen(listener, listener.channels);
          unlisten(listener, [...before].filter((channel) => !listener.channels.has(channel)));
        },
        close() {
          if (listener.closed) return;
          listener.closed = true;
          unlisten(listener, listener.channels);
        },
      };
    },
    onReconnect(listener) {
      reconnected.push(listener);
    },
    async close() {
      if (closed) return;
      closed = true;
      for (const set of byChannel.values()) for (const listener of set) listener.closed = true;
      byChannel.clear();
      await onClose();
    },
  };
}
