/** Statuses change in the console on their own, without a reload, as deadlines pass and agents act. */
import { expect, test } from '@playwright/test';
import { type HostSite, type ParleyProcess, signInAgent, startShop, visitorSends } from '../support/parley.ts';

let parley: ParleyProcess;
let host: HostSite;

test.afterEach(async () => {
  await host?.stop();
  await parley?.destroy();
});

test('a waiting customer shows Rep needed, then Soon, then Overdue; joining shows Pending; a reply clears it', async ({ browser }) => {
  const shop = await startShop();
  ({ parley, host } = shop);
  await parley.cli('site', 'set', shop.site.key, 'soonAfter=1', 'overdueAfter=2');
  await parley.addAgent('ann@shop.example', 'correct horse', 'Ann');
  const agent = await signInAgent(browser, parley, 'ann@shop.example', 'correct horse');
  // Every status text the list shows, as it changes: Soon lasts one second, too short to be sure a poll sees it.
  await agent.evaluate(() => {
    const seen: string[] = [];
    const list = document.querySelector('[aria-label="Conversations"]')!;
    new MutationObserver(() => {
      const text = [...list.querySelectorAll('.status')].map((s) => s.textContent).join(' ');
      if (seen.at(-1) !== text) seen.push(text);
    }).observe(list, { subtree: true, childList: true, characterData: true });
    Object.assign(window, { seenStatuses: seen });
  });

  const visitor = await (await browser.newContext()).newPage();
  await visitor.goto(host.origin);
  await visitor.getByRole('button', { name: 'Open chat' }).click();
  await visitorSends(visitor, 'Is the blue mug back in stock?');

  const line = agent.getByRole('list', { name: 'Conversations' }).getByRole('listitem');
  await expect(line).toContainText('Is the blue mug back in stock?');
  await expect(line).toContainText('Overdue');
  const seen = await agent.evaluate(() => (window as unknown as { seenStatuses: string[] }).seenStatuses);
  expect(seen).toEqual(['Rep needed', 'Rep needed Soon', 'Rep needed Overdue']);

  await line.getByRole('button').click();
  const header = agent.getByRole('region', { name: /^Conversation with/ }).locator('header');
  await agent.getByRole('button', { name: 'Join' }).click();
  await expect(line).toContainText('Pending');
  await expect(line).not.toContainText('Rep needed');
  await expect(header).toContainText('Pending');
  await expect(header).toContainText('Overdue');

  await agent.getByRole('textbox', { name: 'Reply' }).fill('Yes, it came in this morning.');
  await agent.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(line).toContainText('Yes, it came in this morning.');
  await expect(line).not.toContainText('Pending');
  await expect(line).not.toContainText('Overdue');
});
