/** A grab-mode team in two browsers: both agents are offered the new conversation, one grabs it, the other sees the offer and the conversation vanish; the title's unread count is the server's. */
import { expect, type Page, test } from '@playwright/test';
import { type HostSite, type ParleyProcess, signInAgent, startShop, visitorSends } from '../support/parley.ts';

let parley: ParleyProcess;
let host: HostSite;

test.afterEach(async () => {
  await host?.stop();
  await parley?.destroy();
});

const centreOf = (page: Page) => page.getByRole('list', { name: 'Notifications' });

async function openCentre(page: Page) {
  await page.getByRole('button', { name: /^Notifications/ }).click();
  return centreOf(page);
}

test('both agents of a grab team are offered the conversation; one grabs it, the other sees the offer and the conversation vanish', async ({ browser }) => {
  const shop = await startShop();
  ({ parley, host } = shop);
  await parley.cli('team', 'add', 'desk', '--mode', 'grab');
  for (const [email, name] of [['anna@shop.example', 'Anna Agent'], ['ben@shop.example', 'Ben Agent']]) {
    await parley.cli('agent', 'add', '--email', email!, '--password', 'correct horse', '--name', name!, '--role', 'agent', '--team', 'desk');
  }
  await parley.cli('site', 'set', shop.site.key, 'team=desk');
  const anna = await signInAgent(browser, parley, 'anna@shop.example', 'correct horse');
  const ben = await signInAgent(browser, parley, 'ben@shop.example', 'correct horse');

  const visitor = await (await browser.newContext()).newPage();
  await visitor.goto(host.origin);
  await visitor.getByRole('button', { name: 'Open chat' }).click();
  await visitorSends(visitor, 'Where is my parcel?');

  const offers = [];
  for (const agent of [anna, ben]) {
    await expect(agent).toHaveTitle('(1) Parley console');
    const centre = await openCentre(agent);
    await expect(centre.getByRole('listitem')).toHaveCount(1);
    await expect(centre.getByRole('listitem')).toContainText('Offered to you');
    await expect(centre.getByRole('listitem')).toContainText('Where is my parcel?');
    offers.push(centre.getByRole('button', { name: 'Grab' }));
  }
  await expect(offers[1]!).toBeVisible();
  await offers[0]!.click();

  // Anna owns it: it opens, with her join and the assignment in the transcript.
  await expect(anna.getByRole('log')).toContainText('Where is my parcel?');
  await expect(anna.getByRole('log')).toContainText('Anna Agent joined');
  await expect(anna.getByRole('list', { name: 'Conversations' }).getByRole('listitem')).toHaveCount(1);

  // Ben's offer vanishes live, and so does the conversation from his list.
  await expect(centreOf(ben).getByRole('listitem')).toHaveCount(0);
  await expect(ben.getByRole('list', { name: 'Conversations' }).getByRole('listitem')).toHaveCount(0);
  await expect(ben).toHaveTitle('Parley console');
  await ben.reload();
  await expect(ben.getByRole('list', { name: 'Conversations' })).toBeVisible();
  await expect(await openCentre(ben)).not.toContainText('Where is my parcel?');
  await expect(ben).toHaveTitle('Parley console');
});

test('the tab title counts what the agent has not read, on the server: a reload keeps it, and reading in one browser reads it in another', async ({ browser }) => {
  const shop = await startShop();
  ({ parley, host } = shop);
  await parley.addAgent('ann@shop.example', 'correct horse', 'Ann');
  const first = await signInAgent(browser, parley, 'ann@shop.example', 'correct horse');
  const second = await signInAgent(browser, parley, 'ann@shop.example', 'correct horse');

  const visitor = await (await browser.newContext()).newPage();
  await visitor.goto(host.origin);
  await visitor.getByRole('button', { name: 'Open chat' }).click();
  await visitorSends(visitor, 'Hello, anyone?');

  await expect(first).toHaveTitle('(1) Parley console');
  await first.reload();
  await expect(first.getByRole('list', { name: 'Conversations' })).toBeVisible();
  await expect(first).toHaveTitle('(1) Parley console');
  const unreadItem = first.locator('ul[aria-label="Conversations"] > li.unread');
  await expect(unreadItem).toHaveCount(1);

  // Read in the second browser: the first one's title and dot follow, and stay so after a reload.
  await expect(second).toHaveTitle('(1) Parley console');
  await second.getByRole('list', { name: 'Conversations' }).getByRole('listitem').getByRole('button').first().click();
  await expect(second.getByRole('log')).toContainText('Hello, anyone?');
  await expect(second).toHaveTitle('Parley console');
  await expect(first).toHaveTitle('Parley console');
  await expect(unreadItem).toHaveCount(0);
  await first.reload();
  await expect(first.getByRole('list', { name: 'Conversations' }).getByRole('listitem')).toHaveCount(1);
  await expect(first).toHaveTitle('Parley console');
  await expect(unreadItem).toHaveCount(0);
});
