/** A host page whose global CSS would wreck any widget outside a shadow root: ours still shows and works, and adds no style to the page. */
import { expect, test } from '@playwright/test';
import { HostSite, type ParleyProcess, shopPage, signInAgent, startShop, visitorSends } from '../support/parley.ts';

let parley: ParleyProcess;
let host: HostSite;
let hostile: HostSite;
test.afterEach(async () => {
  await hostile?.stop();
  await host?.stop();
  await parley?.destroy();
});

const HOSTILE = `<style>
* { all: unset }
button { display: none !important }
div { display: none }
html { font-size: 90px !important; color: red }
body { visibility: hidden }
parley-chat { display: none !important; position: absolute !important; transform: translateX(-9999px) !important; opacity: 0 !important }
svg { width: 500px !important }
</style>`;

test('the widget shows and works under hostile global CSS, at its own size, and leaks no style into the page', async ({ browser, page }) => {
  let key = '';
  ({ parley, host } = await startShop());
  // An agent is there: the composer, not the offline form.
  await parley.addAgent('ann@shop.example', 'correct horse', 'Ann');
  await signInAgent(browser, parley, 'ann@shop.example', 'correct horse');
  hostile = await HostSite.start((path) => (path === '/' ? shopPage(parley, key, { head: HOSTILE, body: '<div id="own">the page</div>' }) : null), '127.0.0.1');
  key = (await parley.addSite('Hostile shop', hostile.origin)).key;
  await page.goto(hostile.origin);
  const sheets = () => page.evaluate(() => [document.styleSheets.length, document.querySelectorAll('style, link[rel=stylesheet]').length]);
  const before = await sheets();

  const launcher = page.getByRole('button', { name: 'Open chat' });
  await expect(launcher).toBeVisible();
  const box = (await launcher.boundingBox())!;
  expect(box.width).toBeGreaterThanOrEqual(48);
  expect(box.width).toBeLessThan(120);
  await launcher.click();
  const chat = page.getByRole('dialog', { name: 'Chat' });
  await expect(chat).toBeVisible();
  const fontSize = await chat.getByRole('textbox', { name: 'Message' }).evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  expect(fontSize).toBeLessThan(24);
  await visitorSends(page, 'Still works here');
  await expect(chat.getByRole('log')).toContainText('Still works here');
  await chat.getByRole('button', { name: 'Minimize chat' }).click();
  await expect(launcher).toBeVisible();

  // Ours never leaks out: the page has only its own style sheets, and its own elements keep its rules.
  expect(await sheets()).toEqual(before);
  expect(await page.locator('#own').evaluate((el) => getComputedStyle(el).display)).toBe('none');
});
