/** The server's layer rules (ARCHITECTURE.md), as a test: core, ports, adapters and edges import only what they may. */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '../src');
/** What each layer must never import. */
const NEVER: Record<string, string[]> = { core: ['edges', 'adapters'], ports: ['core', 'edges', 'adapters'], adapters: ['core', 'edges'], edges: ['adapters'] };

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sources(join(dir, entry.name)) : /\.tsx?$/.test(entry.name) ? [join(dir, entry.name)] : [],
  );
}

const layerOf = (file: string) => relative(SRC, file).split(sep)[0]!;

it('keeps every layer to its imports', () => {
  const broken: string[] = [];
  for (const file of sources(SRC)) {
    const forbidden = NEVER[layerOf(file)];
    if (!forbidden) continue;
    for (const [, a, b] of readFileSync(file, 'utf8').matchAll(/(?:import|export)\s[^'"]*?from\s+['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)/g)) {
      const target = resolve(dirname(file), (a ?? b)!);
      if (target.startsWith(SRC + sep) && forbidden.includes(layerOf(target))) broken.push(`${relative(SRC, file)} → ${a ?? b}`);
    }
  }
  expect(broken).toEqual([]);
  expect(new Set(sources(SRC).map(layerOf))).toEqual(new Set(['core', 'ports', 'adapters', 'edges', 'cli.ts', 'config.ts', 'main.ts', 'paths.ts', 'server.ts']));
});
