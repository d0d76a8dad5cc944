/** Join and close leave lines in the transcript: the agent sees them in the console, the visitor in the widget. */
import { expect, test } from '@playwright/test';
import { type HostSite, type ParleyProcess, signInAgent, startShop } from '../support/parley.ts';

let parley: ParleyProcess;
let host: HostSite;

test.afterEach(async () => {
  await host?.stop();
  await parley?.destroy();
});

test('an agent joins, replies and closes: both sides see who joined and who closed', async ({ browser }) => {
  const shop = await startShop();
  ({ parley, host } = shop);
  await parley.addAgent('ann@shop.example', 'correct horse', 'Ann');
  const agent = await signInAgent(browser, parley, 'ann@shop.example', 'correct horse');

  const visitor = await (await browser.newContext()).newPage();
  await visitor.goto(host.origin);
  await visitor.getByRole('button', { name: 'Open chat' }).click();
  const chat = visitor.getByRole('dialog', { name: 'Chat' });
  await chat.getByRole('textbox', { name: 'Message' }).fill('Is this mug dishwasher safe?');
  await chat.getByRole('button', { name: 'Send' }).click();

  await agent.getByRole('list', { name: 'Conversations' }).getByRole('listitem').click();
  await agent.getByRole('button', { name: 'Join' }).click();
  const transcript = agent.getByRole('log', { name: 'Messages' });
  await expect(transcript.getByText('Ann joined', { exact: true })).toBeVisible();
  await expect(chat.getByRole('log').getByText('Ann joined', { exact: true })).toBeVisible();

  await agent.getByRole('textbox', { name: 'Reply' }).fill('Yes, it is.');
  await agent.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(chat.getByRole('log')).toContainText('Yes, it is.');
  // Leaving is for the agents' eyes only.
  await agent.getByRole('button', { name: 'Leave' }).click();
  await expect(transcript.getByText('Ann left', { exact: true })).toBeVisible();
  await agent.getByRole('button', { name: 'Join' }).click();
  await expect(transcript.getByText('Ann joined', { exact: true })).toHaveCount(2);
  await agent.getByRole('button', { name: 'Close conversation' }).click();
  await expect(transcript.getByText('Conversation closed by Ann', { exact: true })).toBeVisible();
  await expect(chat.getByRole('log').getByText('Conversation closed by Ann', { exact: true })).toBeVisible();

  // The lines carry their time in the console, and read in order in both places.
  await expect(transcript.locator('li', { hasText: 'Conversation closed by Ann' }).locator('time')).toHaveAttribute('datetime', /\d{4}-\d\d-\d\dT/);
  const widgetText = await chat.getByRole('log').innerText();
  const order = ['Is this mug dishwasher safe?', 'Ann joined', 'Yes, it is.', 'Conversation closed by Ann'].map((text) => widgetText.indexOf(text));
  expect(order.every((at, i) => at >= 0 && (i === 0 || at > order[i - 1]!))).toBe(true);
  expect(widgetText).not.toContain('left');

  // After a reload the widget's history holds the same lines.
  // It was open: it opens again by itself.
  await visitor.reload();
  await expect(chat.getByRole('log').getByText('Conversation closed by Ann', { exact: true })).toBeVisible();
  await expect(chat.getByRole('log').getByText('Ann joined', { exact: true })).toHaveCount(2);
  expect(await chat.getByRole('log').innerText()).not.toContain('left');
});
