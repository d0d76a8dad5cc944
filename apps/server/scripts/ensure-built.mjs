// Builds the widget and the console when their output is missing, so `pnpm start` works on a fresh checkout.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const outputs = {
  '@parley/widget': 'packages/widget/dist/widget.js',
  '@parley/console': 'apps/console/dist/index.html',
};
const missing = Object.entries(outputs).filter(([, file]) => !existsSync(join(root, file)));
if (missing.length > 0) {
  const filters = missing.flatMap(([name]) => ['--filter', name]);
  console.log(`Building ${missing.map(([name]) => name).join(' and ')}…`);
  execFileSync('pnpm', ['-r', ...filters, 'build'], { cwd: root, stdio: 'inherit' });
}
