/** Starts redis-node-process.ts: a node holding `sockets` on Redis until it is SIGKILLed. */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { PresenceEntry } from '../../src/ports/presence.ts';

export async function startDoomedNode(url: string, prefix: string, node: string, deadAfterMs: number, sockets: Array<Omit<PresenceEntry, 'node'>>) {
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'redis-node-process.ts'), url, prefix, node, String(deadAfterMs), JSON.stringify(sockets)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const first = await lines.next();
  if (first.value !== 'ready') throw new Error(`the node process did not start (${String(first.value)})`);
  return {
    async kill() {
      const exited = once(child, 'exit');
      child.kill('SIGKILL');
      await exited;
    },
  };
}
