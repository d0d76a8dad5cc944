/** The chat follows the visitor around the site: open with its draft across reloads and pages, and a single-page app's routes reach the agent. */
import { expect, test } from '@playwright/test';
import { HostSite, ParleyProcess, shopPage, signInAgent, visitorSends } from '../support/parley.ts';

let parley: ParleyProcess;
let host: HostSite;
test.afterEach(async () => {
  await host?.stop();
  await parley?.destroy();
});

test('the open panel and its draft survive a reload and the next page; a closed tab does not reopen it; pushState reaches the agent', async ({ browser }) => {
  parley = await ParleyProcess.create();
  await parley.start();
  let key = '';
  host = await HostSite.start((path) => {
    const nav = `<a href="/delivery">Delivery</a> <button onclick="history.pushState({}, '', '/cart')">Cart</button>`;
    if (path === '/') return shopPage(parley, key, { title: 'Mugs', body: nav });
    if (path === '/delivery') return shopPage(parley, key, { title: 'Delivery', body: nav });
    // The single-page app's route, as its server would answer a reload there.
    if (path === '/cart') return shopPage(parley, key, { title: 'Cart', body: nav });
    return null;
  });
  key = (await parley.addSite('Shop', host.origin)).key;
  await parley.addAgent('ann@shop.example', 'correct horse', 'Ann');
  const agent = await signInAgent(browser, parley, 'ann@shop.example', 'correct horse');

  const context = await browser.newContext();
  const visitor = await context.newPage();
  await visitor.goto(host.origin);
  await visitor.getByRole('button', { name: 'Open chat' }).click();
  const chat = visitor.getByRole('dialog', { name: 'Chat' });
  await visitorSends(visitor, 'Do you sell saucers?');
  await chat.getByRole('textbox', { name: 'Message' }).fill('And teapots');

  await visitor.reload();
  await expect(chat).toBeVisible();
  await expect(chat.getByRole('textbox', { name: 'Message' })).toHaveValue('And teapots');
  await expect(chat.getByRole('log')).toContainText('Do you sell saucers?');

  await visitor.getByRole('link', { name: 'Delivery' }).click();
  await expect(visitor).toHaveTitle('Delivery');
  await expect(chat).toBeVisible();
  await expect(chat.getByRole('textbox', { name: 'Message' })).toHaveValue('And teapots');

  const item = agent.getByRole('list', { name: 'Conversations' }).getByRole('listitem');
  await item.click();
  const details = agent.getByRole('complementary', { name: 'Visitor' });
  await expect(details).toContainText(`${host.origin}/delivery`);
  await visitor.getByRole('button', { name: 'Cart' }).click();
  await expect(details).toContainText(`${host.origin}/cart`);
  await expect(chat).toBeVisible();

  // Minimized stays minimized on the next page, and a new tab (days later, say) starts closed.
  await chat.getByRole('button', { name: 'Minimize chat' }).click();
  await visitor.reload();
  await expect(visitor.getByRole('button', { name: 'Open chat' })).toBeVisible();
  await expect(chat).toBeHidden();
  await visitor.getByRole('button', { name: 'Open chat' }).click();
  const later = await context.newPage();
  await later.goto(host.origin);
  await expect(later.getByRole('button', { name: 'Open chat' })).toBeVisible();
  await expect(later.getByRole('dialog', { name: 'Chat' })).toBeHidden();
});
