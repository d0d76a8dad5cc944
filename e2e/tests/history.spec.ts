/** History in the browser: the agent finds a conversation by a word, opens its transcript, and exports it as CSV. */
import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { type HostSite, type ParleyProcess, signInAgent, startShop, visitorSends } from '../support/parley.ts';

let parley: ParleyProcess;
let host: HostSite;

test.afterEach(async () => {
  await host?.stop();
  await parley?.destroy();
});

test('the agent finds a conversation in History by a word, opens it, and exports it as CSV', async ({ browser }) => {
  const shop = await startShop();
  ({ parley, host } = shop);
  await parley.addAgent('ann@shop.example', 'correct horse', 'Ann');
  const agent = await signInAgent(browser, parley, 'ann@shop.example', 'correct horse');

  const visitor = await (await browser.newContext()).newPage();
  await visitor.goto(host.origin);
  await visitor.getByRole('button', { name: 'Open chat' }).click();
  await visitorSends(visitor, 'Hello, my teapot arrived cracked');
  await visitorSends(visitor, 'Order number 4471');
  await expect(agent.getByRole('list', { name: 'Conversations' }).getByRole('listitem')).toHaveCount(1);

  await agent.getByRole('link', { name: 'History' }).click();
  await agent.getByRole('searchbox', { name: 'Search conversations' }).fill('TEAPOT');
  const hits = agent.getByRole('list', { name: 'Conversations found' }).getByRole('listitem');
  await expect(hits).toHaveCount(1);
  // The word is marked in the snippet, as a node (never as markup).
  await expect(hits.first().locator('mark')).toHaveText('teapot');
  await hits.first().getByRole('button').click();
  const transcript = agent.getByRole('log', { name: 'Transcript' });
  await expect(transcript).toContainText('Hello, my teapot arrived cracked');
  await expect(transcript).toContainText('Order number 4471');

  await agent.getByRole('searchbox', { name: 'Search conversations' }).fill('nosuchword');
  await expect(agent.getByText('No conversation matches.')).toBeVisible();
  await agent.getByRole('searchbox', { name: 'Search conversations' }).fill('teapot');
  await expect(hits).toHaveCount(1);

  const [download] = await Promise.all([agent.waitForEvent('download'), agent.getByRole('button', { name: 'Export CSV' }).click()]);
  expect(download.suggestedFilename()).toMatch(/^parley-history-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = await readFile((await download.path())!, 'utf8');
  expect(csv).toMatch(/^\uFEFF?conversation,site,status/);
  expect(csv).toContain('Hello, my teapot arrived cracked');
  expect(csv).toContain('Order number 4471');
});
