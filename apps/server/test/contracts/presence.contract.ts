/** The Presence contract: every adapter (in-process, Redis) passes this suite unchanged. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Presence, PresenceEntry } from '../../src/ports/presence.ts';

export interface PresenceFixture {
  /** Two nodes' handles on one shared presence; an in-process adapter may give the same one twice. */
  nodes: [Presence, Presence];
  close(): Promise<void>;
}

const visitor = (id: string, siteId: string, node: string, connection: string): PresenceEntry => ({ kind: 'visitor', id, siteId, node, connection });
const agent = (id: string, node: string, connection: string): PresenceEntry => ({ kind: 'agent', id, siteId: null, node, connection });
const sorted = (ids: Iterable<string>) => [...ids].sort();

export function describePresence(make: () => Promise<PresenceFixture>) {
  describe('Presence contract', () => {
    let fixture: PresenceFixture;
    let one: Presence;
    let two: Presence;
    beforeEach(async () => {
      fixture = await make();
      [one, two] = fixture.nodes;
    });
    afterEach(() => fixture.close());

    it("counts one visitor's sockets across tabs and nodes", async () => {
      expect(await one.connect(visitor('v1', 's1', 'n1', 'c1'))).toBe(1);
      expect(await one.connect(visitor('v1', 's1', 'n1', 'c2'))).toBe(2);
      // Connection ids are unique within a node only: the same one on another node is another socket.
      expect(await two.connect(visitor('v1', 's1', 'n2', 'c1'))).toBe(3);
      expect(await one.count('visitor', 'v1')).toBe(3);
      expect(await two.count('visitor', 'v1')).toBe(3);
      expect(await two.disconnect(visitor('v1', 's1', 'n1', 'c2'))).toBe(2);
      expect(await one.disconnect(visitor('v1', 's1', 'n2', 'c1'))).toBe(1);
      expect(await one.disconnect(visitor('v1', 's1', 'n1', 'c1'))).toBe(0);
      expect(await two.count('visitor', 'v1')).toBe(0);
    });

    it('counts a socket announced twice once', async () => {
      await one.connect(visitor('v1', 's1', 'n1', 'c1'));
      expect(await two.connect(visitor('v1', 's1', 'n1', 'c1'))).toBe(1);
      expect(await one.disconnect(visitor('v1', 's1', 'n1', 'c1'))).toBe(0);
      expect(await two.online('visitor', 's1')).toEqual([]);
      expect(await two.sitesWithVisitors()).toEqual([]);
      expect(await one.dropNode('n1')).toEqual([]);
    });

    it('keeps visitors and agents apart, even with the same id', async () => {
      await one.connect(visitor('x', 's1', 'n1', 'c1'));
      expect(await one.count('agent', 'x')).toBe(0);
      expect(await one.disconnect(agent('x', 'n1', 'c1'))).toBe(0);
      expect(await one.count('visitor', 'x')).toBe(1);
    });

    it('ignores the disconnect of a socket it does not hold, and says how many are left', async () => {
      expect(await one.disconnect(agent('a1', 'n1', 'c1'))).toBe(0);
      await one.connect(agent('a1', 'n1', 'c1'));
      expect(await two.disconnect(agent('a1', 'n1', 'c9'))).toBe(1);
      expect(await two.disconnect(agent('a1', 'n2', 'c1'))).toBe(1);
      expect(await one.disconnect(agent('a1', 'n1', 'c1'))).toBe(0);
      expect(await one.disconnect(agent('a1', 'n1', 'c1'))).toBe(0);
      expect(await one.online('agent')).toEqual([]);
    });

    it('onlineOf picks those with a socket out of the ids asked', async () => {
      await one.connect(agent('a1', 'n1', 'c1'));
      await two.connect(agent('a3', 'n2', 'c1'));
      await one.connect(visitor('a2', 's1', 'n1', 'c2'));
      expect(sorted(await one.onlineOf('agent', ['a1', 'a2', 'a3', 'a4']))).toEqual(['a1', 'a3']);
      expect(sorted(await two.onlineOf('agent', []))).toEqual([]);
    });

    it('lists who is online, per kind and per site', async () => {
      await one.connect(visitor('v1', 's1', 'n1', 'c1'));
      await one.connect(visitor('v1', 's1', 'n1', 'c2'));
      await two.connect(visitor('v2', 's1', 'n2', 'c1'));
      await two.connect(visitor('v3', 's2', 'n2', 'c2'));
      await one.connect(agent('a1', 'n1', 'c3'));
      expect(sorted(await one.online('visitor'))).toEqual(['v1', 'v2', 'v3']);
      expect(sorted(await two.online('visitor', 's1'))).toEqual(['v1', 'v2']);
      expect(sorted(await two.online('visitor', 's3'))).toEqual([]);
      expect(sorted(await one.online('agent'))).toEqual(['a1']);
      await one.disconnect(visitor('v1', 's1', 'n1', 'c1'));
      expect(sorted(await two.online('visitor', 's1'))).toEqual(['v1', 'v2']);
      await one.disconnect(visitor('v1', 's1', 'n1', 'c2'));
      expect(sorted(await two.online('visitor', 's1'))).toEqual(['v2']);
    });

    it('sitesWithVisitors follows the first visitor in and the last one out; agents count for no site', async () => {
      await one.connect(agent('a1', 'n1', 'c1'));
      expect(await one.sitesWithVisitors()).toEqual([]);
      await one.connect(visitor('v1', 's1', 'n1', 'c2'));
      await two.connect(visitor('v2', 's1', 'n2', 'c1'));
      await two.connect(visitor('v3', 's2', 'n2', 'c2'));
      expect(sorted(await one.sitesWithVisitors())).toEqual(['s1', 's2']);
      await two.disconnect(visitor('v3', 's2', 'n2', 'c2'));
      await one.disconnect(visitor('v1', 's1', 'n1', 'c2'));
      expect(sorted(await two.sitesWithVisitors())).toEqual(['s1']);
      await two.disconnect(visitor('v2', 's1', 'n2', 'c1'));
      expect(await one.sitesWithVisitors()).toEqual([]);
    });

    it("dropNode removes a node's sockets and says who went offline by it", async () => {
      await one.connect(visitor('v1', 's1', 'n1', 'c1'));
      await two.connect(visitor('v1', 's1', 'n2', 'c1'));
      await one.connect(visitor('v2', 's2', 'n1', 'c2'));
      await one.connect(visitor('v2', 's2', 'n1', 'c3'));
      await one.connect(agent('a1', 'n1', 'c4'));
      await two.connect(agent('a2', 'n2', 'c2'));

      const offline = await two.dropNode('n1');
      expect(offline.map(({ kind, id }) => `${kind}:${id}`).sort()).toEqual(['agent:a1', 'visitor:v2']);
      expect(await one.count('visitor', 'v1')).toBe(1);
      expect(await one.count('visitor', 'v2')).toBe(0);
      expect(sorted(await one.online('agent'))).toEqual(['a2']);
      expect(sorted(await one.sitesWithVisitors())).toEqual(['s1']);
      expect(await one.dropNode('n1')).toEqual([]);
      expect(await one.dropNode('never-seen')).toEqual([]);
      // The dropped node's sockets closing late changes nothing.
      expect(await one.disconnect(visitor('v1', 's1', 'n1', 'c1'))).toBe(1);
    });
  });
}
