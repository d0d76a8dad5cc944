/** The Bus contract: every adapter (in-process, Redis) passes this suite unchanged. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Bus, Topic } from '../../src/ports/bus.ts';

export interface BusFixture {
  /** Two nodes joined by one transport. */
  nodes: [Bus, Bus];
  close(): Promise<void>;
}

const PROBE = '\0probe';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(condition: () => boolean, what: string) {
  const deadline = Date.now() + 2000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await pause(2);
  }
}

export function describeBus(make: () => Promise<BusFixture>) {
  describe('Bus contract', () => {
    let fixture: BusFixture;
    let a: Bus;
    let b: Bus;
    beforeEach(async () => {
      fixture = await make();
      [a, b] = fixture.nodes;
    });
    afterEach(() => fixture.close());

    /**
     * Subscribes and waits until `from` reaches the subscription on every topic: a remote
     * transport takes a moment to start delivering. Probes are kept apart from what it got.
     */
    async function subscribed(on: Bus, topics: readonly Topic[], from: Bus = a) {
      const got: string[] = [];
      const heard = new Set<string>();
      const subscription = on.subscribe(topics, (payload) => (payload.startsWith(PROBE) ? heard.add(payload) : got.push(payload)));
      await settle(from, topics, heard);
      return { got, subscription, heard };
    }
    async function settle(from: Bus, topics: readonly Topic[], heard: Set<string>) {
      for (const topic of topics) {
        const probe = `${PROBE}:${topic}:${Math.random()}`;
        const deadline = Date.now() + 2000;
        while (!heard.has(probe)) {
          if (Date.now() > deadline) throw new Error(`timed out waiting for topic ${topic} to be heard`);
          await from.publish([topic], probe);
          await pause(2);
        }
      }
    }

    it('carries a payload to subscriptions on the other node and on its own', async () => {
      const far = await subscribed(b, ['site:1']);
      const near = await subscribed(a, ['site:1']);
      await a.publish(['site:1'], 'hello');
      await until(() => far.got.length === 1 && near.got.length === 1, 'both deliveries');
      expect(far.got).toEqual(['hello']);
      expect(near.got).toEqual(['hello']);
    });

    it('delivers only to subscriptions that hear one of the topics', async () => {
      const first = await subscribed(b, ['visitor:1', 'end']);
      const second = await subscribed(b, ['visitor:2', 'end']);
      await a.publish(['visitor:1'], 'to 1');
      await a.publish(['visitor:3'], 'to nobody');
      await a.publish(['visitor:2'], 'to 2');
      await a.publish(['end'], 'end');
      await until(() => first.got.includes('end') && second.got.includes('end'), 'the end marker');
      expect(first.got).toEqual(['to 1', 'end']);
      expect(second.got).toEqual(['to 2', 'end']);
    });

    it('delivers once per subscription, however many of the topics it hears', async () => {
      const both = await subscribed(b, ['agent:1', 'team:sales']);
      const other = await subscribed(b, ['team:sales']);
      await a.publish(['agent:1', 'team:sales', 'team:sales', 'agents'], 'once');
      await a.publish(['team:sales'], 'end');
      await until(() => both.got.includes('end') && other.got.includes('end'), 'the end marker');
      expect(both.got).toEqual(['once', 'end']);
      expect(other.got).toEqual(['once', 'end']);
    });

    it('keeps publish order per publisher, across topics', async () => {
      const box = await subscribed(b, ['x', 'y']);
      const sent = Array.from({ length: 200 }, (_, i) => `m${i}`);
      const topicsOf = (i: number) => [['x'], ['y'], ['x', 'y']][i % 3]!;
      await Promise.all(sent.map((payload, i) => a.publish(topicsOf(i), payload)));
      await until(() => box.got.length === sent.length, 'all 200 payloads');
      expect(box.got).toEqual(sent);
    });

    it('setTopics replaces what a subscription hears', async () => {
      const box = await subscribed(b, ['team:sales']);
      box.subscription.setTopics(['team:support', 'end']);
      await settle(a, ['team:support', 'end'], box.heard);
      await a.publish(['team:sales'], 'old team');
      await a.publish(['team:support'], 'new team');
      await a.publish(['end'], 'end');
      await until(() => box.got.includes('end'), 'the end marker');
      expect(box.got).toEqual(['new team', 'end']);
    });

    it('a closed subscription hears nothing more; the others still do', async () => {
      const closing = await subscribed(b, ['site:1']);
      const staying = await subscribed(b, ['site:1']);
      closing.subscription.close();
      closing.subscription.close();
      await a.publish(['site:1'], 'after');
      await until(() => staying.got.includes('after'), 'the payload');
      expect(closing.got).toEqual([]);
    });

    it('once close() returned, a subscription is never called again, even for what was published before', async () => {
      const closing = await subscribed(b, ['site:1']);
      const staying = await subscribed(b, ['site:1']);
      const published = a.publish(['site:1'], 'in flight');
      closing.subscription.close();
      await published;
      await until(() => staying.got.includes('in flight'), 'the payload');
      expect(closing.got).toEqual([]);
    });

    it('a closed node delivers nothing more and refuses to publish; the other carries on', async () => {
      const gone = await subscribed(b, ['site:1']);
      const staying = await subscribed(a, ['site:1']);
      await b.close();
      await b.close();
      await a.publish(['site:1'], 'after');
      await until(() => staying.got.includes('after'), 'the payload');
      expect(gone.got).toEqual([]);
      await expect(b.publish(['site:1'], 'from a closed node')).rejects.toThrow();
    });

    it('a subscriber that throws keeps neither itself nor the others from hearing', async () => {
      const thrown: string[] = [];
      b.subscribe(['site:1'], (payload) => {
        if (payload.startsWith(PROBE)) return;
        thrown.push(payload);
        throw new Error('a broken socket');
      });
      const staying = await subscribed(b, ['site:1']);
      await a.publish(['site:1'], 'one');
      await a.publish(['site:1'], 'two');
      await until(() => staying.got.length === 2, 'both payloads');
      expect(staying.got).toEqual(['one', 'two']);
      expect(thrown).toEqual(['one', 'two']);
    });
  });
}
