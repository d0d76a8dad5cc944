/** What a visitor downloads before opening the chat and once it is open, against the budgets and against Preact + signals alone. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { gzipSync } from 'node:zlib';
// @ts-expect-error: a plain .mjs script with no types of its own.
import { measure, OPENED_GZIP_BUDGET, PRE_OPEN_GZIP_BUDGET } from '../packages/widget/scripts/size.mjs';

const kib = (bytes: number) => `${(bytes / 1024).toFixed(2)} KiB`;

export function widgetSize() {
  const { preOpen, panel, language, opened } = measure(new URL('../packages/widget/dist', import.meta.url).pathname);
  // Baseline: the minified runtime a Preact + signals widget pays before writing a line of its own.
  const require = createRequire(new URL('../packages/widget/package.json', import.meta.url));
  const runtime = ['preact', '@preact/signals-core', '@preact/signals'];
  const baseline = runtime.reduce((sum, file) => sum + gzipSync(readFileSync(require.resolve(file)), { level: 9 }).length, 0);
  console.log('widget size (gzip -9, each file compressed on its own)');
  console.log(`  before open   ${kib(preOpen.gzip)}  (brotli ${kib(preOpen.brotli)}, min ${kib(preOpen.min)}; ${preOpen.files.length} files)`);
  console.log(`  panel chunk   ${kib(panel.gzip)}  (brotli ${kib(panel.brotli)})`);
  console.log(`  a language    ${kib(language.gzip)}  (brotli ${kib(language.brotli)}; the largest strings chunk)`);
  console.log(`  opened        ${kib(opened.gzip)}  (brotli ${kib(opened.brotli)}; ${opened.files.length} files)`);
  console.log(`  budgets       before open ${kib(PRE_OPEN_GZIP_BUDGET)}: ${((preOpen.gzip / PRE_OPEN_GZIP_BUDGET) * 100).toFixed(0)}% used; opened ${kib(OPENED_GZIP_BUDGET)}: ${((opened.gzip / OPENED_GZIP_BUDGET) * 100).toFixed(0)}% used`);
  console.log(`  baseline      preact + signals runtime alone: ${kib(baseline)}; before-open set is ${(preOpen.gzip / baseline).toFixed(2)}× that`);
}
