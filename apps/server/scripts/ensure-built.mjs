// Builds the server, the widget and the console when their output is missing or older than their
// sources, so that `pnpm start` works on a fresh checkout and never runs stale code after a pull.
// `node ensure-built.mjs server` checks only the server (what `pnpm parley` runs).
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const PROTOCOL = 'packages/protocol/src';
const targets = {
  server: {
    name: '@parley/server',
    outputs: ['apps/server/dist/main.js', 'apps/server/dist/cli.js'],
    inputs: ['apps/server/src', 'apps/server/vite.config.ts', PROTOCOL],
  },
  widget: {
    name: '@parley/widget',
    outputs: ['packages/widget/dist/widget.js'],
    inputs: ['packages/widget/src', 'packages/widget/vite.config.ts', PROTOCOL],
  },
  console: {
    name: '@parley/console',
    outputs: ['apps/console/dist/index.html'],
    inputs: ['apps/console/src', 'apps/console/index.html', 'apps/console/vite.config.ts', PROTOCOL],
  },
};

/** The modification time of a file, or the newest of a folder's files; -Infinity if missing. */
function mtime(path) {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    return -Infinity;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(-Infinity, ...readdirSync(path).map((name) => mtime(join(path, name))));
}

// A few hundred stat calls: cheap enough to run before every start and every CLI command.
function isStale({ outputs, inputs }) {
  const built = Math.min(...outputs.map((file) => mtime(join(root, file))));
  return built === -Infinity || inputs.some((input) => mtime(join(root, input)) > built);
}

const wanted = process.argv.slice(2);
for (const name of wanted) if (!(name in targets)) throw new Error(`ensure-built: no target "${name}"; choose from ${Object.keys(targets).join(', ')}.`);
const stale = Object.entries(targets)
  .filter(([key]) => wanted.length === 0 || wanted.includes(key))
  .map(([, target]) => target)
  .filter(isStale);
if (stale.length > 0) {
  // On stderr, build output included: `pnpm -s parley …` prints only the command's own output on stdout.
  console.error(`Building ${stale.map((target) => target.name).join(', ')}…`);
  execFileSync('pnpm', ['-r', ...stale.flatMap((target) => ['--filter', target.name]), 'build'], { cwd: root, stdio: ['ignore', 2, 2] });
}
