/**
 * What a visitor who never reaches for the chat pays: the loader's two scripts, however long they
 * stay; the panel comes only on intent (a pointer over the launcher, a touch, focus), before the click.
 */
import { expect, test } from '@playwright/test';
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
  page.on('request', (request) => {
    if (request.resourceType() === 'script' && request.url().startsWith(parley.url)) scripts.push(new URL(request.url()).pathname);
  });
  await page.goto(host.origin);
  const launcher = page.getByRole('button', { name: 'Open chat' });
  await expect(launcher).toBeVisible();
  // Long past load and idle: the old loader fetched the panel here.
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(2_000);
  expect(scripts, scripts.join(', ')).toHaveLength(2);
  expect(scripts.some((path) => path.includes('panel-'))).toBe(false);

  const panel = page.waitForRequest((request) => request.url().includes('/panel-'));
  await launcher.hover();
  await panel;
  await launcher.click();
  await expect(page.getByRole('dialog', { name: 'Chat' })).toBeVisible();
});

test('focus on the launcher (a keyboard visitor) fetches the panel too', async ({ page }) => {
  ({ parley, host } = await startShop());
  await page.goto(host.origin);
  await expect(page.getByRole('button', { name: 'Open chat' })).toBeVisible();
  const panel = page.waitForRequest((request) => request.url().includes('/panel-'));
  await page.getByRole('button', { name: 'Open chat' }).focus();
  await panel;
});
