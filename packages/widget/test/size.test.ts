import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';
import { measure, OPENED_GZIP_BUDGET, PRE_OPEN_GZIP_BUDGET, PRE_OPEN_MAX_FILES } from '../scripts/size.mjs';

const dist = fileURLToPath(new URL('../dist', import.meta.url));

test('what a visitor downloads before opening the chat stays under the gzip budget, in at most two requests; opened, under its own', () => {
  if (!existsSync(`${dist}/widget.js`)) throw new Error('run pnpm build first');
  const { preOpen, panel, opened } = measure(dist);
  const kib = (n: number) => `${(n / 1024).toFixed(2)} KiB gzip`;
  console.log(`before open ${kib(preOpen.gzip)} (brotli ${(preOpen.brotli / 1024).toFixed(2)} KiB); opened ${kib(opened.gzip)} (brotli ${(opened.brotli / 1024).toFixed(2)} KiB)`);
  expect(panel.files.length).toBeGreaterThan(0);
  expect(preOpen.files.length).toBeLessThanOrEqual(PRE_OPEN_MAX_FILES);
  expect(preOpen.gzip, kib(preOpen.gzip)).toBeLessThanOrEqual(PRE_OPEN_GZIP_BUDGET);
  expect(opened.gzip, kib(opened.gzip)).toBeLessThanOrEqual(OPENED_GZIP_BUDGET);
});
