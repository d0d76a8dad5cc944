/**
 * `pnpm bench [NAME] [OPTIONS]`: prints each benchmark's figures next to its baseline, measured in
 * the same run. Without a name, the quick ones; the long ones (minutes each) only when named.
 */
import { consoleScale } from './console-scale.ts';
import { hostCost } from './host-cost.ts';
import { latency } from './latency.ts';
import { load } from './load.ts';
import { nodes } from './nodes.ts';
import { presence } from './presence.ts';
import { search } from './search.ts';
import { widgetSize } from './widget-size.ts';

const [only, ...args] = process.argv.slice(2);
const quick: Record<string, (args: string[]) => unknown> = { size: widgetSize, latency, presence };
const long: Record<string, (args: string[]) => unknown> = { load, console: consoleScale, nodes, search, host: hostCost };
if (only && !quick[only] && !long[only]) throw new Error(`No benchmark is called ${only}: try one of ${Object.keys({ ...quick, ...long }).join(', ')}.`);
for (const [name, bench] of Object.entries(only ? { ...quick, ...long } : quick)) {
  if (only && only !== name) continue;
  await bench(args);
  console.log();
}
