/** `pnpm bench`: prints each benchmark's figures next to its baseline, measured in the same run. */
import { latency } from './latency.ts';
import { presence } from './presence.ts';
import { widgetSize } from './widget-size.ts';

const only = process.argv[2];
const benches: Record<string, () => unknown> = { size: widgetSize, latency, presence };
for (const [name, bench] of Object.entries(benches)) {
  if (only && only !== name) continue;
  await bench();
  console.log();
}
