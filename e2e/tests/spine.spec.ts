/** The whole path once: a shop page on another origin, a visitor, an agent, a reload and a server crash. */
import { expect, test } from '@playwright/test';
import { type HostSite, type ParleyProcess, signInAgent, startShop, visitorSends } from '../support/parley.ts';

let parley: ParleyProcess;
let host: HostSite;

test.afterEach(async () => {
  await host?.stop();
  await parley?.destroy();
});

test('a visitor and an agent talk through reloads and a server crash, losing and doubling nothing', async ({ browser }) => {
  const shop = await startShop();
  ({ parley, host } = shop);
  await parley.addAgent('ann@shop.example', 'correct horse', 'Ann');
  // The agent's console is open first: an agent who never signed in promises visitors no reply.
  const agent = await signInAgent(browser, parley, 'ann@shop.example', 'correct horse');

  const visitor = await (await browser.newContext()).newPage();
  await visitor.goto(host.origin);
  await visitor.getByRole('button', { name: 'Open chat' }).click();
  const chat = visitor.getByRole('dialog', { name: 'Chat' });
  await expect(chat).toBeVisible();
  await visitorSends(visitor, 'Hello, do you ship to Norway?');

  const conversations = agent.getByRole('list', { name: 'Conversations' });
  const item = conversations.getByRole('listitem');
  await expect(item).toHaveCount(1);
  await expect(item).toContainText('Hello, do you ship to Norway?');
  await item.click();
  await agent.getByRole('button', { name: 'Join' }).click();
  await expect(agent.getByRole('button', { name: 'Leave' })).toBeVisible();
  // Typing shows both ways.
  await agent.getByRole('textbox', { name: 'Reply' }).pressSequentially('We do!');
  await expect(chat).toContainText('Ann is typing…');
  await chat.getByRole('textbox', { name: 'Message' }).pressSequentially('Gre');
  await expect(agent.getByText('Visitor is typing…')).toBeVisible();
  await chat.getByRole('textbox', { name: 'Message' }).fill('');
  await agent.getByRole('textbox', { name: 'Reply' }).fill('We do! Shipping takes 3 days.');
  await agent.getByRole('button', { name: 'Send', exact: true }).click();

  const log = chat.getByRole('log');
  await expect(log).toContainText('We do! Shipping takes 3 days.');

  // Time from Send in the widget to the text in the console's open conversation.
  const started = Date.now();
  await visitorSends(visitor, 'Great, thanks!');
  await expect(agent.getByRole('log')).toContainText('Great, thanks!');
  console.log(`widget Send → console: ${Date.now() - started} ms`);

  // The chat was open: it stays open across the reload.
  await visitor.reload();
  await expect(chat).toBeVisible();
  for (const text of ['Hello, do you ship to Norway?', 'We do! Shipping takes 3 days.', 'Great, thanks!']) {
    await expect(chat.getByRole('log')).toContainText(text);
  }

  // A message written while the server is down survives a reload of the page, and goes once it is back.
  await parley.kill();
  await visitorSends(visitor, 'Are you still there?');
  // The chat was open: it stays open across the reload.
  await visitor.reload();
  await expect(chat).toBeVisible();
  await expect(chat.getByRole('log')).toContainText('Are you still there?');
  await parley.start();
  await expect(agent.getByRole('log')).toContainText('Are you still there?', { timeout: 30_000 });
  await agent.getByRole('textbox', { name: 'Reply' }).fill('Yes, still here.');
  await agent.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(log).toContainText('Yes, still here.');

  const texts = ['Hello, do you ship to Norway?', 'We do! Shipping takes 3 days.', 'Great, thanks!', 'Are you still there?', 'Yes, still here.'];
  for (const view of [log, agent.getByRole('log')]) {
    const content = await view.innerText();
    for (const text of texts) expect(content.split(text).length - 1, `"${text}" once in ${content}`).toBe(1);
    const order = texts.map((text) => content.indexOf(text));
    expect(order).toEqual([...order].sort((a, b) => a - b));
  }

  await agent.getByRole('button', { name: 'Close conversation' }).click();
  await expect(item).toContainText(/closed/i);
});
