/** Issue 8, finding 5, in the widget: a visitor past the site's message limit is told politely, and the message goes by itself when allowed. */
import { expect, test } from '@playwright/test';
import { type HostSite, type ParleyProcess, signInAgent, startShop } from '../support/parley.ts';

let parley: ParleyProcess;
let host: HostSite;

test.afterEach(async () => {
  await host?.stop();
  await parley?.destroy();
});

test('a visitor sending too fast sees a polite notice, and the held message is delivered once after the wait', async ({ browser }) => {
  const shop = await startShop();
  ({ parley, host } = shop);
  const site = shop.site;
  await parley.cli('site', 'set', site.key, 'messageBurst=2', 'burstWindow=3');
  await parley.addAgent('ann@shop.example', 'correct horse', 'Ann');
  const agent = await signInAgent(browser, parley, 'ann@shop.example', 'correct horse');

  const visitor = await (await browser.newContext()).newPage();
  await visitor.goto(host.origin);
  await visitor.getByRole('button', { name: 'Open chat' }).click();
  const chat = visitor.getByRole('dialog', { name: 'Chat' });
  const box = chat.getByRole('textbox', { name: 'Message' });
  for (const text of ['First question', 'Second question', 'Third, too fast']) {
    await box.fill(text);
    await chat.getByRole('button', { name: 'Send' }).click();
  }

  const notice = chat.getByRole('status').filter({ hasText: "You're sending messages quickly" });
  await expect(notice).toBeVisible();
  await expect(notice).toContainText(/we'll send this in \d s/);
  await expect(chat.getByRole('log')).toContainText('Third, too fast');
  await expect(chat.getByText('Not sent')).toHaveCount(0);

  // Delivered by itself once the window has passed: nothing to click, nothing lost.
  const item = agent.getByRole('list', { name: 'Conversations' }).getByRole('listitem');
  await expect(item).toContainText('Third, too fast', { timeout: 10_000 });
  await expect(notice).toHaveCount(0);
  await item.click();
  await expect(agent.getByRole('log')).toContainText('Third, too fast');
  const transcript = await agent.getByRole('log').innerText();
  for (const text of ['First question', 'Second question', 'Third, too fast']) expect(transcript.split(text).length - 1, `"${text}" once`).toBe(1);
});
