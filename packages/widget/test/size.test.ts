import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';
import { measure, PRE_OPEN_GZIP_BUDGET } from '../scripts/size.mjs';

const dist = fileURLToPath(new URL('../dist', import.meta.url));

test('what a visitor downloads before opening the chat stays under the gzip budget', () => {
  if (!existsSync(`${dist}/widget.js`)) throw new Error('run pnpm build first');
  const { preOpen, panel } = measure(dist);
  expect(preOpen.files.length).toBeGreaterThan(1);
  expect(panel.files.length).toBeGreaterThan(0);
  expect(preOpen.gzip).toBeLessThan(PRE_OPEN_GZIP_BUDGET);
});
