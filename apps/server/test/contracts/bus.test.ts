import type { Bus } from '../../src/ports/bus.ts';
import { createMemoryBroker } from '../../src/adapters/memory/bus.ts';
import { describeBus } from './bus.contract.ts';

describeBus(async () => {
  // Subscribers throw on purpose in the suite: what they threw is not printed.
  const broker = createMemoryBroker(() => {});
  const nodes: [Bus, Bus] = [broker.node(), broker.node()];
  return {
    nodes,
    async close() {
      await Promise.all(nodes.map((node) => node.close()));
    },
  };
});
