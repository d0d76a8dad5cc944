/** Customers: details edited from the conversation header, the Customers page and its log, and linking the same person's second device. */
import { expect, test } from '@playwright/test';
import { type HostSite, type ParleyProcess, signInAgent, startShop, visitorSends } from '../support/parley.ts';

let parley: ParleyProcess;
let host: HostSite;

test.afterEach(async () => {
  await host?.stop();
  await parley?.destroy();
});

test('an agent names a visitor, finds them under Customers, logs a call, and links their second device', async ({ browser }) => {
  const shop = await startShop();
  ({ parley, host } = shop);
  await parley.addAgent('ann@shop.example', 'correct horse', 'Ann');
  const agent = await signInAgent(browser, parley, 'ann@shop.example', 'correct horse');

  // The same person on a phone and on a laptop: two browsers, two visitors.
  for (const text of ['Where is my order?', 'Writing from my laptop now']) {
    const device = await (await browser.newContext()).newPage();
    await device.goto(host.origin);
    await device.getByRole('button', { name: 'Open chat' }).click();
    await visitorSends(device, text);
  }
  const list = agent.getByRole('list', { name: 'Conversations' });
  await expect(list.getByRole('listitem')).toHaveCount(2);

  // Details from the conversation header, recorded in the transcript.
  await list.getByRole('listitem').filter({ hasText: 'Where is my order?' }).click();
  await agent.getByRole('button', { name: 'Edit details' }).click();
  await agent.getByRole('textbox', { name: 'Name' }).fill('Kim Berg');
  await agent.getByRole('textbox', { name: 'Email' }).fill('kim@example.com');
  await agent.getByRole('button', { name: 'Save' }).click();
  const transcript = agent.getByRole('log', { name: 'Messages' });
  await expect(transcript.getByText('Ann changed the name to Kim Berg', { exact: true })).toBeVisible();
  await expect(transcript.getByText('Ann changed the email to kim@example.com', { exact: true })).toBeVisible();

  // The Customers page: search, open, log a call.
  await agent.getByRole('link', { name: 'Customers' }).click();
  await agent.getByRole('searchbox', { name: 'Search customers' }).fill('kim@');
  const customers = agent.getByRole('list', { name: 'Customers' });
  await expect(customers.getByRole('listitem')).toHaveCount(1);
  await customers.getByRole('link', { name: 'Kim Berg' }).click();
  await expect(agent.getByRole('heading', { name: 'Kim Berg' })).toBeVisible();
  await agent.getByRole('button', { name: 'Add log entry' }).click();
  await agent.getByRole('combobox', { name: 'Kind' }).selectOption({ label: 'Phone call' });
  await agent.getByRole('textbox', { name: 'Minutes' }).fill('5');
  await agent.getByRole('textbox', { name: 'What happened' }).fill('Asked about delivery');
  await agent.getByRole('button', { name: 'Save entry' }).click();
  const history = agent.getByRole('list', { name: 'Communications' });
  await expect(history.getByRole('listitem').first()).toContainText('Phone call, 5 min');
  await expect(history.getByRole('listitem').first()).toContainText('Asked about delivery');
  await expect(history.getByRole('link', { name: /^Conversation of / })).toHaveCount(1);

  // The laptop's conversation: Link contact to Kim Berg; the customer's page then holds both conversations.
  await agent.getByRole('button', { name: 'Inbox' }).click();
  await list.getByRole('listitem').filter({ hasText: 'Writing from my laptop now' }).click();
  await agent.getByRole('button', { name: 'Link contact' }).click();
  await agent.getByRole('searchbox', { name: 'Find customer' }).fill('Kim');
  await agent.getByRole('button', { name: 'Link to Kim Berg' }).click();
  await expect(agent.getByRole('heading', { name: 'Kim Berg' })).toBeVisible();
  await expect(history.getByRole('link', { name: /^Conversation of / })).toHaveCount(2);
  await expect(agent.getByRole('heading', { name: 'Linked visitors' })).toBeVisible();

  // Each conversation link opens it in the inbox, where the link is in the transcript.
  await history.getByRole('link', { name: /^Conversation of / }).first().click();
  await expect(transcript.getByText(/^Ann linked Visitor .{4} to the customer Kim Berg$/)).toBeVisible();
  await expect(transcript).toContainText('Writing from my laptop now');
});

test('the offline form fills the visitor’s email, and the transcript says they gave it', async ({ browser }) => {
  const shop = await startShop();
  ({ parley, host } = shop);
  await parley.addAgent('ann@shop.example', 'correct horse', 'Ann');
  const agent = await signInAgent(browser, parley, 'ann@shop.example', 'correct horse');
  await agent.getByRole('button', { name: 'Set away' }).click();

  const visitor = await (await browser.newContext()).newPage();
  await visitor.goto(host.origin);
  await visitor.getByRole('button', { name: 'Open chat' }).click();
  const chat = visitor.getByRole('dialog', { name: 'Chat' });
  await chat.getByRole('textbox', { name: 'Email' }).fill('lee@example.com');
  await chat.getByRole('textbox', { name: 'Message' }).fill('Do you ship to Norway?');
  await chat.getByRole('button', { name: 'Send' }).click();

  await agent.getByRole('list', { name: 'Conversations' }).getByRole('listitem').filter({ hasText: 'Do you ship to Norway?' }).click();
  await expect(agent.getByRole('log', { name: 'Messages' }).getByText('The visitor gave their email lee@example.com', { exact: true })).toBeVisible();
  await expect(agent.getByRole('complementary', { name: 'Visitor' })).toContainText('lee@example.com');
});
