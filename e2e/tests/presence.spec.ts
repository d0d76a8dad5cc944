/** The agent sees who is on the site, whether they are still here, since when, and where they are on it. */
import { expect, test } from '@playwright/test';
import { HostSite, ParleyProcess, shopPage, signInAgent } from '../support/parley.ts';

let parley: ParleyProcess;
let host: HostSite;

test.afterEach(async () => {
  await host?.stop();
  await parley?.destroy();
});

test('online, last active, location and current page, live', async ({ browser }) => {
  parley = await ParleyProcess.create();
  await parley.start();
  host = await HostSite.start((path) => {
    const nav = `<a href="/delivery">Delivery</a> <button onclick="history.pushState({}, '', '/cart')">Cart</button>`;
    if (path === '/') return shopPage(parley, site.key, { title: 'Mugs', body: nav });
    if (path === '/delivery') return shopPage(parley, site.key, { title: 'Delivery', body: nav });
    return null;
  });
  const site = await parley.addSite('Shop', host.origin);
  await parley.addAgent('ann@shop.example', 'correct horse', 'Ann');

  const agent = await signInAgent(browser, parley, 'ann@shop.example', 'correct horse');

  const visitorContext = await browser.newContext({ timezoneId: 'Europe/Oslo', locale: 'nb-NO' });
  const visitor = await visitorContext.newPage();
  await visitor.goto(host.origin);

  // Everyone on the site, chatting or not.
  await agent.getByRole('button', { name: 'Visitors online' }).click();
  const visitors = agent.getByRole('list', { name: 'Visitors online' });
  await expect(visitors.getByRole('listitem')).toHaveCount(1);
  await expect(visitors).toContainText('Mugs');

  await visitor.getByRole('button', { name: 'Open chat' }).click();
  await visitor.getByRole('dialog', { name: 'Chat' }).getByRole('textbox', { name: 'Message' }).fill('Is the blue mug in stock?');
  await visitor.getByRole('dialog', { name: 'Chat' }).getByRole('button', { name: 'Send' }).click();

  await agent.getByRole('button', { name: 'Inbox' }).click();
  const item = agent.getByRole('list', { name: 'Conversations' }).getByRole('listitem');
  await expect(item).toContainText('Is the blue mug in stock?');
  await expect(item).toContainText('Online');
  const online = agent.getByRole('group', { name: 'Status' }).getByRole('button', { name: /^Online( \d+)?$/ });
  await online.click();
  await expect(item).toHaveCount(1);
  await item.click();

  const header = agent.locator('.view-header');
  await expect(header).toContainText(/Last active: (just now|\d+ min ago)/);
  await expect(header).toContainText('Unknown (time zone Europe/Oslo)');
  const details = agent.getByRole('complementary', { name: 'Visitor' });
  await expect(details).toContainText(`${host.origin}/`);
  await expect(details).toContainText('nb-NO');

  await visitor.getByRole('link', { name: 'Delivery' }).click();
  await expect(details).toContainText(`${host.origin}/delivery`);
  await visitor.getByRole('button', { name: 'Cart' }).click();
  await expect(details).toContainText(`${host.origin}/cart`);

  // An agent writes first to someone browsing: it pops up in their minimized widget.
  await visitor.getByRole('button', { name: 'Minimize chat' }).click();
  await agent.getByRole('button', { name: 'Visitors online' }).click();
  await visitors.getByRole('button', { name: 'Start chat' }).click();
  await agent.getByRole('textbox', { name: 'Message to visitor' }).fill('Free delivery today!');
  await agent.getByRole('button', { name: 'Send' }).click();
  await expect(visitor.getByRole('status', { name: /New message from/ })).toContainText('Free delivery today!');
  await agent.getByRole('button', { name: 'Inbox' }).click();
  await item.click();

  // Away by hand: the widget offers the offline form instead of promising a quick answer.
  await agent.getByRole('button', { name: 'Set away' }).click();
  await visitor.getByRole('button', { name: 'Open chat' }).click();
  await expect(visitor.getByRole('dialog', { name: 'Chat' })).toContainText("We're away — leave your email");
  await agent.getByRole('button', { name: 'Set available' }).click();
  await expect(visitor.getByRole('dialog', { name: 'Chat' })).toContainText('We typically reply in a few minutes');

  await visitorContext.close();
  await expect(header).toContainText('Offline');
  await expect(item).toHaveCount(0);
  await online.click();
  await expect(online).toHaveAttribute('aria-pressed', 'false');
  await expect(item).not.toContainText('Online');
});
