/** On a phone-sized screen (375×667) the top bar keeps one row and no view scrolls sideways; a conversation opens full width and goes back. */
import { expect, type Page, test } from '@playwright/test';
import { type HostSite, type ParleyProcess, signInAgent, startShop, visitorSends } from '../support/parley.ts';

let parley: ParleyProcess;
let host: HostSite;

test.afterEach(async () => {
  await host?.stop();
  await parley?.destroy();
});

const PHONE = { width: 375, height: 667 };

/** Every item the top bar shows, and the page's scroll width: what must fit the screen. */
async function layout(page: Page) {
  return page.evaluate(() => {
    const bar = document.querySelector('header.topbar')!;
    // A wrapper laid out as `display: contents` has no box of its own: its children are the bar's
    // items. An open menu drops below the bar, out of its flow: it is no item of the row.
    const items = [...bar.children]
      .flatMap((child) => (getComputedStyle(child).display === 'contents' ? [...child.children] : [child]))
      .filter((item) => item.getClientRects().length > 0 && getComputedStyle(item).position !== 'absolute')
      .map((item) => {
        const box = item.getBoundingClientRect();
        return { name: item.getAttribute('aria-label') ?? item.className, top: box.top, bottom: box.bottom, left: box.left, right: box.right };
      });
    const barBox = bar.getBoundingClientRect();
    return {
      items,
      bar: { top: barBox.top, bottom: barBox.bottom, scrollWidth: bar.scrollWidth, clientWidth: bar.clientWidth },
      scrollWidth: document.scrollingElement!.scrollWidth,
      wide: [...document.querySelectorAll('*')].filter((e) => e.getBoundingClientRect().right > innerWidth + 1).map((e) => `${e.tagName}.${e.className} ${e.getBoundingClientRect().right}`).slice(0, 8),
      innerWidth,
    };
  });
}

async function expectFits(page: Page, view: string) {
  const { items, bar, scrollWidth, innerWidth, wide } = await layout(page);
  expect(items.length, view).toBeGreaterThanOrEqual(4);
  // One row: some horizontal line crosses every item, and each lies inside the bar and the screen.
  expect(Math.max(...items.map((i) => i.top)), `${view}: ${JSON.stringify(items)}`).toBeLessThanOrEqual(Math.min(...items.map((i) => i.bottom)));
  for (const item of items) {
    expect(item.top, `${view}: ${item.name}`).toBeGreaterThanOrEqual(bar.top);
    expect(item.bottom, `${view}: ${item.name}`).toBeLessThanOrEqual(bar.bottom);
    expect(item.left, `${view}: ${item.name}`).toBeGreaterThanOrEqual(0);
    expect(item.right, `${view}: ${item.name}`).toBeLessThanOrEqual(innerWidth);
  }
  expect(bar.scrollWidth, `${view}: the top bar overflows`).toBeLessThanOrEqual(bar.clientWidth);
  expect(scrollWidth, `${view}: the page scrolls sideways: ${wide.join(', ')}`).toBeLessThanOrEqual(innerWidth);
}

/** The pages beside the inbox sit behind "Menu" on a phone. */
async function openFromMenu(page: Page, name: string) {
  await page.getByRole('button', { name: 'Menu' }).click();
  await page.getByRole('navigation', { name: 'Views' }).getByRole(name === 'Settings' ? 'link' : 'button', { name, exact: true }).click();
  await expect(page.getByRole('navigation', { name: 'Views' })).toBeHidden();
}

test('on a phone the top bar keeps one row and every view fits; a conversation opens full width and goes back', async ({ browser }) => {
  ({ parley, host } = await startShop());
  await parley.addAgent('ann@shop.example', 'correct horse', 'Ann Long-Surname Agent');
  // A second agent gives the agents table a row with its "Disable" button.
  await parley.cli('agent', 'add', '--email', 'bartholomew.longaddress@shop.example', '--password', 'correct horse', '--name', 'Bartholomew');
  // Signed in first: with no agent available the widget would show its offline form.
  const agent = await signInAgent(browser, parley, 'ann@shop.example', 'correct horse', { viewport: PHONE });
  const visitor = await (await browser.newContext()).newPage();
  await visitor.goto(host.origin);
  await visitor.getByRole('button', { name: 'Open chat' }).click();
  await visitorSends(visitor, 'Hello from a visitor whose message is long enough to need wrapping on a narrow screen, surely.');

  const list = agent.getByRole('list', { name: 'Conversations' });
  await expect(list.getByRole('listitem')).toHaveCount(1);
  await expectFits(agent, 'Inbox');
  // The bell and the help keep their names with their labels folded away.
  await expect(agent.getByRole('button', { name: /^Notifications/ })).toBeVisible();
  await expect(agent.getByRole('button', { name: 'Keyboard shortcuts' })).toBeVisible();

  // The notification centre opens inside the screen.
  await agent.getByRole('button', { name: /^Notifications/ }).click();
  const centre = agent.getByRole('region', { name: 'Notification centre' });
  await expect(centre).toBeVisible();
  const centreBox = (await centre.boundingBox())!;
  expect(centreBox.x).toBeGreaterThanOrEqual(0);
  expect(centreBox.x + centreBox.width).toBeLessThanOrEqual(PHONE.width);
  await agent.getByRole('button', { name: /^Notifications/ }).click();

  // A conversation takes the whole width; "Back to conversations" shows the list again.
  await list.getByRole('listitem').click();
  const view = agent.getByRole('region', { name: /^Conversation with / });
  await expect(view).toBeVisible();
  await expect(list).toBeHidden();
  const viewBox = (await view.boundingBox())!;
  expect(viewBox.x).toBe(0);
  expect(viewBox.width).toBe(PHONE.width);
  await expect(agent.getByRole('textbox', { name: 'Reply' })).toBeVisible();
  await expect(agent.getByRole('button', { name: 'Join' })).toBeVisible();
  await expectFits(agent, 'Conversation');
  await agent.getByRole('button', { name: 'Visitor details' }).click();
  await expectFits(agent, 'Visitor details');
  await agent.getByRole('button', { name: 'Back to conversations' }).click();
  await expect(list).toBeVisible();
  await expect(view).toBeHidden();

  await openFromMenu(agent, 'Visitors online');
  await expect(agent.getByRole('heading', { name: /Visitors online/ })).toBeVisible();
  await expectFits(agent, 'Visitors online');

  await openFromMenu(agent, 'Settings');
  await expect(agent.getByRole('button', { name: 'Add agent' })).toBeVisible();
  await expectFits(agent, 'Settings');

  await openFromMenu(agent, 'Sent mail');
  await expect(agent.getByRole('heading', { name: 'Sent mail' })).toBeVisible();
  await expectFits(agent, 'Sent mail');

  // The menu holds the agent's own controls too.
  await agent.getByRole('button', { name: 'Menu' }).click();
  await expect(agent.getByRole('button', { name: 'Sign out' })).toBeVisible();
  await expect(agent.getByRole('button', { name: 'Set away' })).toBeVisible();
  await expectFits(agent, 'Menu open');
  await agent.keyboard.press('Escape');
  await expect(agent.getByRole('button', { name: 'Sign out' })).toBeHidden();
  await expect(agent.getByRole('button', { name: 'Menu' })).toBeFocused();

  await openFromMenu(agent, 'Inbox');
  await expect(list).toBeVisible();
});

test('the top bar keeps one row at every width, from a phone to a wide desktop', async ({ browser }) => {
  ({ parley, host } = await startShop());
  await parley.addAgent('ann@shop.example', 'correct horse', 'Ann Long-Surname Agent');
  const agent = await signInAgent(browser, parley, 'ann@shop.example', 'correct horse', { viewport: PHONE });
  // Each side of every breakpoint in styles.css that changes the bar.
  for (const width of [320, 375, 720, 721, 1200, 1201, 1600, 1601, 1700]) {
    await agent.setViewportSize({ width, height: 800 });
    await expectFits(agent, `${width} px`);
  }
});
