/** The list's views and filters in the console: live counts after each name, and filters that narrow the list. */
import { expect, type Page, test } from '@playwright/test';
import { HostSite, type ParleyProcess, shopPage, signInAgent, startShop, visitorSends } from '../support/parley.ts';

let parley: ParleyProcess;
let hosts: HostSite[] = [];

test.afterEach(async () => {
  for (const host of hosts.splice(0)) await host.stop();
  await parley?.destroy();
});

test('views count what they hold, and the status and site filters narrow the list', async ({ browser }) => {
  const shop = await startShop();
  parley = shop.parley;
  let outletKey = '';
  const outlet = await HostSite.start((path) => (path === '/' ? shopPage(parley, outletKey, { title: 'Outlet' }) : null));
  hosts = [shop.host, outlet];
  outletKey = (await parley.addSite('Outlet', outlet.origin)).key;
  await parley.addAgent('ann@shop.example', 'correct horse', 'Ann');
  const agent = await signInAgent(browser, parley, 'ann@shop.example', 'correct horse');

  const ask = async (origin: string, text: string) => {
    const visitor: Page = await (await browser.newContext()).newPage();
    await visitor.goto(origin);
    await visitor.getByRole('button', { name: 'Open chat' }).click();
    await visitorSends(visitor, text);
  };
  await ask(shop.host.origin, 'Is the blue mug in stock?');
  await ask(shop.host.origin, 'Do you ship abroad?');
  await ask(outlet.origin, 'Any discounts today?');

  const list = agent.getByRole('list', { name: 'Conversations' });
  const items = list.getByRole('listitem');
  const views = agent.getByRole('tablist', { name: 'Views' });
  const view = (name: string) => views.getByRole('tab', { name, exact: true });
  const button = (name: string) => agent.getByRole('group', { name: 'Status' }).getByRole('button', { name, exact: true });
  await expect(view('All 3')).toBeVisible();
  await expect(items).toHaveCount(3);
  await expect(views).toContainText('Joined 0');

  await items.filter({ hasText: 'Is the blue mug in stock?' }).click();
  await agent.getByRole('button', { name: 'Join' }).click();
  await expect(view('Joined 1')).toBeVisible();

  await items.filter({ hasText: 'Do you ship abroad?' }).click();
  await agent.getByRole('combobox', { name: 'Assign to' }).selectOption({ label: 'Ann (me)' });
  await expect(view('Mine 1')).toBeVisible();
  await expect(view('Unassigned 2')).toBeVisible();

  await view('Mine 1').click();
  await expect(items).toHaveCount(1);
  await expect(items).toContainText('Do you ship abroad?');
  await view('All 3').click();
  await expect(items).toHaveCount(3);

  // Rep needed: the customer waits and no agent is in it; only the outlet's question.
  await button('Rep needed 1').click();
  await expect(items).toHaveCount(1);
  await expect(items).toContainText('Any discounts today?');
  await expect(view('All 1')).toBeVisible();
  await button('Rep needed 1').click();
  await expect(items).toHaveCount(3);

  await agent.getByRole('combobox', { name: 'Site' }).selectOption({ label: 'Outlet' });
  await expect(items).toHaveCount(1);
  await expect(items).toContainText('Any discounts today?');
  await expect(view('All 1')).toBeVisible();
  await expect(view('Joined 0')).toBeVisible();
  await agent.getByRole('combobox', { name: 'Site' }).selectOption({ label: 'All sites' });
  await expect(items).toHaveCount(3);

  // Counts stay live: a new question counts at once, without a reload.
  await ask(outlet.origin, 'Do you gift wrap?');
  await expect(view('All 4')).toBeVisible();
  await expect(button('Rep needed 2')).toBeVisible();
  await expect(items).toHaveCount(4);
});
