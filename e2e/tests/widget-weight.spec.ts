/**
 * What a visitor who never reaches for the chat pays: the loader's two scripts, at most 5 KiB gzip,
 * however long they stay; the panel comes only on intent (a pointer over the launcher, a touch,
 * focus), before the click, and the chat opened stays under 25 KiB gzip.
 */
import { gzipSync } from 'node:zlib';
import { expect, test, type Response } from '@playwright/test';
import { type HostSite, type ParleyProcess, startShop } from '../support/parley.ts';

let parley: ParleyProcess;
let host: HostSite;
test.afterEach(async () => {
  await host?.stop();
  await parley?.destroy();
});

test('before the chat is reached for, only the loader is fetched; hovering the launcher fetches the panel, and it opens', async ({ page }) => {
  ({ parley, host } = await startShop());
  const scripts: string[] = [];
  const bodies: Promise<Buffer>[] = [];
  page.on('request', (request) => {
    if (request.resourceType() === 'script' && request.url().startsWith(parley.url)) scripts.push(new URL(request.url()).pathname);
  });
  page.on('response', (response: Response) => {
    if (response.request().resourceType() === 'script' && response.url().startsWith(parley.url)) bodies.push(response.body());
  });
  // Each script as a server compressing at gzip's best would send it (ours compresses, at its own level).
  const gzipped = async () => (await Promise.all(bodies)).reduce((sum, body) => sum + gzipSync(body, { level: 9 }).length, 0);
  await page.goto(host.origin);
  const launcher = page.getByRole('button', { name: 'Open chat' });
  await expect(launcher).toBeVisible();
  // Long past load and idle: the old loader fetched the panel here.
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(2_000);
  expect(scripts, scripts.join(', ')).toHaveLength(2);
  expect(scripts.some((path) => path.includes('panel-'))).toBe(false);
  const preOpen = await gzipped();
  console.log(`before open: ${scripts.length} scripts, ${(preOpen / 1024).toFixed(2)} KiB gzip`);
  expect(preOpen).toBeLessThanOrEqual(5 * 1024);

  const panel = page.waitForRequest((request) => request.url().includes('/panel-'));
  await launcher.hover();
  await panel;
  await launcher.click();
  await expect(page.getByRole('dialog', { name: 'Chat' })).toBeVisible();
  await page.waitForLoadState('networkidle');
  const opened = await gzipped();
  console.log(`opened: ${scripts.length} scripts, ${(opened / 1024).toFixed(2)} KiB gzip`);
  expect(opened).toBeLessThanOrEqual(25 * 1024);
});

test('focus on the launcher (a keyboard visitor) fetches the panel too', async ({ page }) => {
  ({ parley, host } = await startShop());
  await page.goto(host.origin);
  await expect(page.getByRole('button', { name: 'Open chat' })).toBeVisible();
  const panel = page.waitForRequest((request) => request.url().includes('/panel-'));
  await page.getByRole('button', { name: 'Open chat' }).focus();
  await panel;
});
