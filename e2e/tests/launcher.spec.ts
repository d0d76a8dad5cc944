/** The launcher in the site's look (colour with readable text, corner, label, icon) and language; minimized, a reply flashes the tab's title. */
import { expect, test } from '@playwright/test';
import { type HostSite, type ParleyProcess, signInAgent, startShop, visitorSends } from '../support/parley.ts';

let parley: ParleyProcess;
let host: HostSite;
test.afterEach(async () => {
  await host?.stop();
  await parley?.destroy();
});

test("the launcher wears the site's colour, corner, label and icon, speaks the site's language, and paints from the stored look on the next page", async ({ browser, page }) => {
  let site: { key: string };
  ({ parley, host, site } = await startShop());
  // Someone can answer: the launcher is in colour, not grey.
  await parley.addAgent('ann@shop.example', 'correct horse', 'Ann');
  await signInAgent(browser, parley, 'ann@shop.example', 'correct horse');
  await parley.cli('site', 'set', site.key, 'brandColor=#ffd400', 'position=left', 'offsetX=40', 'launcherLabel=Ask us', 'launcherIcon=question', 'language=de');
  await page.goto(host.origin);
  const launcher = page.getByRole('button', { name: 'Chat öffnen' });
  await expect(launcher).toBeVisible();
  await expect(launcher).toContainText('Ask us');
  await expect(launcher).toContainText('?');
  // Yellow takes black text: white on it would fail WCAG AA.
  expect(await launcher.evaluate((el) => [getComputedStyle(el).backgroundColor, getComputedStyle(el).color])).toEqual(['rgb(255, 212, 0)', 'rgb(0, 0, 0)']);
  const box = (await launcher.boundingBox())!;
  expect(box.x).toBe(40);

  // The next page paints the stored look before the server answers.
  await page.routeWebSocket(/\/ws\/visitor/, () => {});
  await page.reload();
  await expect(page.getByRole('button', { name: 'Chat öffnen' })).toBeVisible();
  expect(await page.getByRole('button', { name: 'Chat öffnen' }).evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(255, 212, 0)');
});

test('with the chat off the launcher is grey; minimized, a reply flashes "(1) New message" in the title until the chat is opened', async ({ browser }) => {
  let site: { key: string };
  ({ parley, host, site } = await startShop());
  await parley.addAgent('ann@shop.example', 'correct horse', 'Ann');
  const agent = await signInAgent(browser, parley, 'ann@shop.example', 'correct horse');
  const page = await (await browser.newContext()).newPage();
  await page.goto(host.origin);
  const launcher = page.getByRole('button', { name: 'Open chat' });
  await launcher.click();
  await visitorSends(page, 'Is the teapot in stock?');
  await page.getByRole('button', { name: 'Minimize chat' }).click();

  await agent.getByRole('list', { name: 'Conversations' }).getByRole('listitem').click();
  await agent.getByRole('button', { name: 'Join' }).click();
  await agent.getByRole('textbox', { name: 'Reply' }).fill('Yes, two left.');
  await agent.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(page).toHaveTitle('(1) New message');
  await expect(page).toHaveTitle('Shop');
  await launcher.click();
  await page.waitForTimeout(1500);
  await expect(page).toHaveTitle('Shop');

  await parley.cli('site', 'set', site.key, 'chat=off');
  await page.reload();
  await expect(page.getByRole('dialog', { name: 'Chat' })).toBeVisible();
  await page.getByRole('button', { name: 'Minimize chat' }).click();
  await expect(launcher).toHaveCSS('background-color', 'rgb(107, 114, 128)');
});
