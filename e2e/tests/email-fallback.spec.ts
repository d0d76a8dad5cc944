/** The visitor leaves; the agent's reply goes by email, and its link brings the visitor back to the whole chat. */
import { expect, test } from '@playwright/test';
import { Mailbox } from '../support/mailbox.ts';
import { HostSite, ParleyProcess, shopPage, signInAgent } from '../support/parley.ts';

let parley: ParleyProcess;
let host: HostSite;
let mailbox: Mailbox;

test.afterEach(async () => {
  await host?.stop();
  await parley?.destroy();
  await mailbox?.stop();
});

test('an unseen reply is emailed and its link reopens the chat with its history', async ({ browser }) => {
  mailbox = await Mailbox.start();
  parley = await ParleyProcess.create({ SMTP_URL: mailbox.url, MAIL_FROM: 'Mug Shop <support@shop.example>' });
  await parley.start();
  const identify = `<script>window.Parley = window.Parley || function () { (Parley.q = Parley.q || []).push(arguments) };
Parley('identify', { email: 'ada@example.com', name: 'Ada' });</script>`;
  host = await HostSite.start((path) => (path === '/' || path === '/orders' ? shopPage(parley, site.key, { head: identify }) : null));
  const site = await parley.addSite('Mug Shop', host.origin);
  await parley.cli('site', 'set', site.key, 'emailDelay=1');
  await parley.addAgent('ann@shop.example', 'correct horse', 'Ann');

  const visitorContext = await browser.newContext();
  const visitor = await visitorContext.newPage();
  await visitor.goto(`${host.origin}/orders`);
  await visitor.getByRole('button', { name: 'Open chat' }).click();
  const chat = visitor.getByRole('dialog', { name: 'Chat' });
  await chat.getByRole('textbox', { name: 'Message' }).fill('Where is my order 1042?');
  await chat.getByRole('button', { name: 'Send' }).click();

  const agent = await signInAgent(browser, parley, 'ann@shop.example', 'correct horse');
  await agent.getByRole('list', { name: 'Conversations' }).getByRole('listitem').filter({ hasText: 'Ada' }).click();

  await visitorContext.close();
  await expect(agent.getByText('Customer is offline. Email fallback activated')).toBeVisible();
  await agent.getByRole('textbox', { name: 'Reply' }).fill('It left our warehouse today, Ada.');
  await agent.getByRole('button', { name: 'Send', exact: true }).click();

  const mail = await mailbox.receive('ada@example.com');
  expect(mail.text).toContain('It left our warehouse today, Ada.');
  expect(mail.html).toContain('It left our warehouse today, Ada.');
  expect(JSON.stringify(mail.headers.get('list'))).toContain('unsubscribe');
  expect(mail.replyTo?.text).toMatch(/^reply\+/);
  await expect(agent.getByRole('log')).toContainText(/Emailed/);

  const link = /(http:\/\/127\.0\.0\.1:\d+\/c\/[A-Za-z0-9_-]+)/.exec(mail.text ?? '')?.[1];
  expect(link, `a continue link in:\n${mail.text}`).toBeTruthy();
  const back = await (await browser.newContext()).newPage();
  await back.goto(link!);
  await expect(back).toHaveURL(`${host.origin}/orders`);
  const reopened = back.getByRole('dialog', { name: 'Chat' });
  await expect(reopened.getByRole('log')).toContainText('Where is my order 1042?');
  await expect(reopened.getByRole('log')).toContainText('It left our warehouse today, Ada.');

  // The link works once.
  const again = await (await browser.newContext()).newPage();
  const response = await again.goto(link!);
  expect(response?.status()).toBe(410);
});
