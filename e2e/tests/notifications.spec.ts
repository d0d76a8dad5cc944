/** The notification centre: what comes in while the agent looks elsewhere is listed, counted in the tab title, and rung. */
import { type Browser, expect, type Page, test } from '@playwright/test';
import { type HostSite, type ParleyProcess, startShop, visitorSends } from '../support/parley.ts';

let parley: ParleyProcess;
let host: HostSite;

test.afterEach(async () => {
  await host?.stop();
  await parley?.destroy();
});

/** A console whose browser allows notifications, recording each one constructed. */
async function openConsole(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ permissions: ['notifications'] });
  await context.addInitScript(() => {
    const shown: string[] = [];
    const Real = window.Notification;
    class Recorded extends Real {
      constructor(title: string, options?: NotificationOptions) {
        super(title, options);
        shown.push(`${title} | ${options?.body ?? ''}`);
      }
    }
    Object.assign(window, { Notification: Recorded, shownNotifications: shown });
  });
  const page = await context.newPage();
  await page.goto(`${parley.url}/console/`);
  await page.getByRole('textbox', { name: 'Email' }).fill('ann@shop.example');
  await page.getByRole('textbox', { name: 'Password' }).fill('correct horse');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('list', { name: 'Conversations' }).waitFor();
  return page;
}

const shownNotifications = (page: Page) => page.evaluate(() => (window as unknown as { shownNotifications: string[] }).shownNotifications);

test('new conversations and messages land in the notification centre and the title; switches persist on the server', async ({ browser }) => {
  const shop = await startShop();
  ({ parley, host } = shop);
  await parley.addAgent('ann@shop.example', 'correct horse', 'Ann');
  const agent = await openConsole(browser);
  await expect(agent).toHaveTitle('Parley console');

  const visitor = await (await browser.newContext()).newPage();
  await visitor.goto(host.origin);
  await visitor.getByRole('button', { name: 'Open chat' }).click();
  await visitorSends(visitor, 'Hello, do you ship to Norway?');

  // A new conversation, not the open one: listed, counted, in the title.
  await expect(agent).toHaveTitle('(1) Parley console');
  const bell = agent.getByRole('button', { name: /^Notifications/ });
  await expect(bell).toHaveAccessibleName('Notifications, 1 unread');
  await bell.click();
  const centre = agent.getByRole('list', { name: 'Notifications' });
  await expect(centre.getByRole('listitem')).toHaveCount(1);
  await expect(centre.getByRole('listitem')).toContainText('New conversation');
  await expect(centre.getByRole('listitem')).toContainText('Hello, do you ship to Norway?');
  // Desktop notifications are off by default: none was shown.
  expect(await shownNotifications(agent)).toEqual([]);

  // Opening the item opens its conversation and reads it.
  await centre.getByRole('listitem').getByRole('button').click();
  await expect(agent.getByRole('log')).toContainText('Hello, do you ship to Norway?');
  await expect(agent).toHaveTitle('Parley console');
  await agent.getByRole('button', { name: 'Join' }).click();
  await expect(agent.getByRole('button', { name: 'Leave' })).toBeVisible();

  // The agent turns desktop notifications on (the context already granted them) and sound off, then looks at another view.
  await bell.click();
  await agent.getByRole('switch', { name: 'Desktop notifications' }).check();
  await expect(agent.getByRole('switch', { name: 'Desktop notifications' })).toBeChecked();
  await agent.getByRole('switch', { name: 'Sound' }).uncheck();
  await expect(agent.getByRole('switch', { name: 'Sound' })).not.toBeChecked();
  await agent.getByRole('button', { name: 'Visitors online' }).click();

  await visitorSends(visitor, 'Are you still there?');
  await expect(agent).toHaveTitle('(1) Parley console');
  await expect(centre.getByRole('listitem').first()).toContainText('New message');
  await expect(centre.getByRole('listitem').first()).toContainText('Are you still there?');
  await expect.poll(() => shownNotifications(agent)).toEqual([expect.stringMatching(/^New message: Visitor .+ \| Are you still there\?$/)]);

  // The switches are the server's: a reload shows them as set.
  await agent.reload();
  await agent.getByRole('button', { name: /^Notifications/ }).click();
  await expect(agent.getByRole('switch', { name: 'Sound' })).not.toBeChecked();
  await expect(agent.getByRole('switch', { name: 'Desktop notifications' })).toBeChecked();
});
