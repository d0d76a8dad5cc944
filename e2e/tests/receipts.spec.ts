/**
 * Receipts in the browser: an agent's reply reads Delivered in the console while the widget holds
 * it closed, and Seen once the visitor opens the panel and it is on screen; the visitor's message
 * reads Seen in the widget once an agent has the conversation open.
 */
import { expect, test } from '@playwright/test';
import { type HostSite, type ParleyProcess, signInAgent, startShop, visitorSends } from '../support/parley.ts';

let parley: ParleyProcess;
let host: HostSite;

test.afterEach(async () => {
  await host?.stop();
  await parley?.destroy();
});

test('a reply turns Seen in the console when the widget shows it, and the question Seen in the widget when an agent opened it', async ({ browser }) => {
  const shop = await startShop();
  ({ parley, host } = shop);
  await parley.addAgent('ann@shop.example', 'correct horse', 'Ann');
  const agent = await signInAgent(browser, parley, 'ann@shop.example', 'correct horse');

  const visitor = await (await browser.newContext()).newPage();
  await visitor.goto(host.origin);
  await visitor.getByRole('button', { name: 'Open chat' }).click();
  const chat = visitor.getByRole('dialog', { name: 'Chat' });
  await visitorSends(visitor, 'Is the blue one in stock?');
  const question = chat.getByRole('log').locator('.msg').filter({ hasText: 'Is the blue one in stock?' });
  // Sent once stored, then Delivered as soon as the console, open meanwhile, receives it: usually too fast to catch Sent.
  await expect(question).toContainText('Delivered');

  await agent.getByRole('list', { name: 'Conversations' }).getByRole('listitem').first().click();
  await expect(question).toContainText('Seen');
  await chat.getByRole('button', { name: 'Minimize chat' }).click();

  await agent.getByRole('textbox', { name: 'Reply' }).fill('It is, two left.');
  await agent.getByRole('button', { name: 'Send', exact: true }).click();
  const reply = agent.getByRole('log').getByRole('listitem').filter({ hasText: 'It is, two left.' });
  // The widget got it with the panel closed: delivered, not seen.
  await expect(reply).toContainText('Delivered');
  await visitor.waitForTimeout(1500);
  await expect(reply).not.toContainText('Seen');

  await visitor.getByRole('button', { name: 'Open chat' }).click();
  await expect(chat.getByRole('log')).toContainText('It is, two left.');
  await expect(reply).toContainText('Seen');
});
