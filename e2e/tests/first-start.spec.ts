/** A new operator's first minutes: the setup link creates the admin, the demo page chats with the console. */
import { expect, test } from '@playwright/test';
import { HostSite, ParleyProcess, shopPage } from '../support/parley.ts';

let parley: ParleyProcess;
test.afterEach(() => parley?.destroy());

test('setup link, then the demo page talks to the console', async ({ browser }) => {
  parley = await ParleyProcess.create();
  await parley.start();
  const setup = /(http:\/\/\S+\/console\/setup\?token=\S+)/.exec(parley.output)?.[1];
  expect(setup, parley.output).toBeTruthy();
  expect(parley.output).toMatch(/demo site \(key \S+\)/);

  const agent = await (await browser.newContext()).newPage();
  await agent.goto(setup!);
  await agent.getByRole('textbox', { name: 'Name' }).fill('Olga Owner');
  await agent.getByRole('textbox', { name: 'Email' }).fill('olga@shop.example');
  await agent.getByRole('textbox', { name: 'Password' }).fill('a long password');
  await agent.getByRole('button', { name: 'Create admin account' }).click();
  await expect(agent.getByRole('list', { name: 'Conversations' })).toBeVisible();

  const visitor = await (await browser.newContext()).newPage();
  await visitor.goto(`${parley.url}/demo`);
  await visitor.getByRole('button', { name: 'Open chat' }).click();
  const chat = visitor.getByRole('dialog', { name: 'Chat' });
  await expect(chat).toContainText('We typically reply in a few minutes');
  await chat.getByRole('textbox', { name: 'Message' }).fill('Hello from the demo page');
  await chat.getByRole('button', { name: 'Send' }).click();
  await expect(agent.getByRole('list', { name: 'Conversations' })).toContainText('Hello from the demo page');

  // The setup link is spent once used.
  const again = await (await browser.newContext()).newPage();
  await again.goto(setup!);
  await expect(again.getByRole('button', { name: 'Create admin account' })).toHaveCount(0);
});

test('a widget on a page its site does not allow stays out of the way, and host CSS cannot break it', async ({ browser }) => {
  parley = await ParleyProcess.create();
  await parley.start();
  const page = await (await browser.newContext()).newPage();
  const warnings: string[] = [];
  page.on('console', (m) => m.type() === 'warning' && warnings.push(m.text()));
  // The demo site allows only the server's own origin; this page is on another one.
  const key = /key (\S+)\)/.exec(parley.output)![1]!;
  const host = await HostSite.start(() => shopPage(parley, key));
  await page.goto(host.origin);
  await expect.poll(() => warnings.join('\n')).toMatch(/Parley/);
  await expect(page.getByRole('button', { name: 'Open chat' })).toHaveCount(0);
  await host.stop();

  const demo = await (await browser.newContext()).newPage();
  await demo.goto(`${parley.url}/demo`);
  await demo.addStyleTag({ content: '* { font-size: 40px !important; color: red !important; } button { display: none !important; } div { opacity: 0 !important; }' });
  await expect(demo.getByRole('button', { name: 'Open chat' })).toBeVisible();
});
