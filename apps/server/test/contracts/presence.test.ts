import { createMemoryPresence } from '../../src/adapters/memory/presence.ts';
import { describePresence } from './presence.contract.ts';

describePresence(async () => {
  const presence = createMemoryPresence();
  return { nodes: [presence, presence], close: async () => {} };
});
