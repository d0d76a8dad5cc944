/** Context records from the shop's page reach the agent's visitor panel as links; an agent schedules a message to a customer and cancels it. */
import { expect, test } from '@playwright/test';
import { HostSite, ParleyProcess, shopPage, signInAgent, visitorSends } from '../support/parley.ts';

let parley: ParleyProcess;
let host: HostSite;

test.afterEach(async () => {
  await host?.stop();
  await parley?.destroy();
});

/** A shop page whose script attaches an order and names the customer before the widget has loaded: the calls are queued. */
async function shopWithOrder() {
  parley = await ParleyProcess.create();
  await parley.start();
  let siteKey = '';
  const head = `<script>
    window.Parley = window.Parley || function () { (Parley.q = Parley.q || []).push(arguments) };
    Parley('identify', { email: 'ada@example.com', name: 'Ada' });
    Parley('context', { type: 'order', id: '1234', label: 'Order #1234', url: 'https://shop.example/admin/orders/1234' });
  </script>`;
  host = await HostSite.start((path) => (path === '/' ? shopPage(parley, siteKey, { head }) : null));
  siteKey = (await parley.addSite('Shop', host.origin)).key;
  await parley.addAgent('ann@shop.example', 'correct horse', 'Ann');
}

test("the shop page's Parley('context', …) shows in the visitor panel as a link, the chat never opened", async ({ browser }) => {
  await shopWithOrder();
  const agent = await signInAgent(browser, parley, 'ann@shop.example', 'correct horse');
  const visitor = await (await browser.newContext()).newPage();
  await visitor.goto(host.origin);
  // The visitor never opens the chat: the agent writes first, from Visitors online.
  await agent.getByRole('button', { name: 'Visitors online' }).click();
  await agent.getByRole('button', { name: 'Start chat' }).click();
  await agent.getByRole('textbox', { name: 'Message to visitor' }).fill('Hi Ada, can I help with your order?');
  await agent.getByRole('button', { name: 'Send' }).click();
  await expect(visitor.getByRole('dialog', { name: 'Chat' })).toHaveCount(0);
  await agent.getByRole('button', { name: 'Inbox' }).click();
  await agent.getByRole('list', { name: 'Conversations' }).getByRole('listitem').click();
  const link = agent.getByRole('link', { name: 'Order #1234' });
  await expect(link).toBeVisible();
  await expect(link).toHaveAttribute('href', 'https://shop.example/admin/orders/1234');
  await expect(link).toHaveAttribute('target', '_blank');
  await expect(link).toHaveAttribute('rel', /noopener/);

  // Another order on the page is there at once, without a reload of the console.
  await visitor.evaluate(() => (window as unknown as { Parley: (...args: unknown[]) => void }).Parley('context', { type: 'order', id: '1300', label: 'Order #1300' }));
  await expect(agent.getByText('Order #1300')).toBeVisible();
  await agent.getByRole('button', { name: 'Remove Order #1300' }).click();
  await expect(agent.getByText('Order #1300')).toHaveCount(0);
});

test('an agent schedules a message to a customer and cancels it in Pending messages', async ({ browser }) => {
  await shopWithOrder();
  const agent = await signInAgent(browser, parley, 'ann@shop.example', 'correct horse');
  const visitor = await (await browser.newContext()).newPage();
  await visitor.goto(host.origin);
  await visitor.getByRole('button', { name: 'Open chat' }).click();
  await visitorSends(visitor, 'Tell me when the blue mug is back?');

  await agent.getByRole('list', { name: 'Conversations' }).getByRole('listitem').click();
  await agent.getByRole('button', { name: 'Write to customer' }).click();
  await agent.getByRole('textbox', { name: 'Message to visitor' }).fill('The blue mug is back in stock!');
  const tomorrow = new Date(Date.now() + 86_400_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  await agent.getByLabel('Send at').fill(`${tomorrow.getFullYear()}-${pad(tomorrow.getMonth() + 1)}-${pad(tomorrow.getDate())}T10:00`);
  await agent.getByRole('button', { name: 'Schedule' }).click();
  await expect(agent.getByRole('alert')).toContainText('Message scheduled for');

  await agent.getByRole('button', { name: 'Visitors online' }).click();
  const list = agent.getByRole('list', { name: 'Pending messages' });
  const row = list.getByRole('listitem');
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('Ada');
  await expect(row).toContainText('The blue mug is back in stock!');
  await expect(row).toContainText('by Ann');
  await row.getByRole('button', { name: 'Cancel' }).click();
  await expect(row).toHaveCount(0);
  await expect(agent.getByText('No scheduled messages.')).toBeVisible();
  // Not sent: the widget never got it.
  await expect(visitor.getByRole('dialog', { name: 'Chat' }).getByRole('log')).not.toContainText('The blue mug is back in stock!');
});
