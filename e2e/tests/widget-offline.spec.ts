/** With nobody to answer: the offline form says when the team is back, in the visitor's language and time zone, and asks no email the widget already knows. */
import { expect, test } from '@playwright/test';
import { rewriteVisitorFrames } from '../support/frames.ts';
import { HostSite, ParleyProcess, shopPage, startShop } from '../support/parley.ts';

let parley: ParleyProcess;
let host: HostSite;

test.afterEach(async () => {
  await host?.stop();
  await parley?.destroy();
});

test('the form says the site’s away message and when the team is back', async ({ browser }) => {
  let site: { key: string };
  ({ parley, host, site } = await startShop());
  await parley.cli('site', 'set', site.key, 'awayMessage=We are glazing. Write to us!');
  const visitor = await (await browser.newContext({ locale: 'en-GB', timezoneId: 'Europe/Berlin' })).newPage();
  // Three days from now: "on <weekday>" wherever midnight falls. The server sends backAt from the
  // opening hours in another change; here it is given.
  const backAt = Date.now() + 3 * 86_400_000;
  await rewriteVisitorFrames(visitor, (frame) => (frame.t === 'welcome' ? { ...frame, available: false, backAt } : frame));
  await visitor.goto(host.origin);
  await visitor.getByRole('button', { name: 'Open chat' }).click();
  const chat = visitor.getByRole('dialog', { name: 'Chat' });
  const format = (options: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat('en-GB', { ...options, timeZone: 'Europe/Berlin' }).format(backAt);
  // en-GB: the browser's English, with its 24-hour clock.
  const back = `We're back on ${format({ weekday: 'long' })} at ${format({ hour: '2-digit', minute: '2-digit' })}`;
  const form = chat.locator('form.offline');
  await expect(form).toContainText('We are glazing. Write to us!');
  await expect(form).toContainText(back);
  await expect(chat.getByRole('textbox', { name: 'Email' })).toBeFocused();
});

test('an email the page already gave is not asked again: only the message', async ({ browser }) => {
  parley = await ParleyProcess.create();
  await parley.start();
  let key = '';
  host = await HostSite.start((path) =>
    path === '/' ? shopPage(parley, key, { head: `<script>window.Parley=function(){(Parley.q=Parley.q||[]).push(arguments)};Parley('identify',{email:'kim@example.com'})</script>` }) : null,
  );
  key = (await parley.addSite('Shop', host.origin)).key;
  // No agent signed in: nobody can answer.
  const visitor = await (await browser.newContext()).newPage();
  await visitor.goto(host.origin);
  await visitor.getByRole('button', { name: 'Open chat' }).click();
  const chat = visitor.getByRole('dialog', { name: 'Chat' });
  await expect(chat.getByRole('textbox', { name: 'Message' })).toBeFocused();
  await expect(chat.getByRole('textbox', { name: 'Email' })).toHaveCount(0);
  await expect(chat).toContainText("We'll reply by email");
});

test('at 200% zoom (a 640×400 window) the offline form scrolls inside the panel, and its Send button is reached by keyboard', async ({ browser }) => {
  ({ parley, host } = await startShop());
  const visitor = await (await browser.newContext({ viewport: { width: 640, height: 400 } })).newPage();
  await rewriteVisitorFrames(visitor, (frame) => (frame.t === 'welcome' ? { ...frame, available: false, backAt: Date.now() + 86_400_000 } : frame));
  await visitor.goto(host.origin);
  await visitor.getByRole('button', { name: 'Open chat' }).click();
  const chat = visitor.getByRole('dialog', { name: 'Chat' });
  const box = (await chat.boundingBox())!;
  expect(box.y).toBeGreaterThanOrEqual(0);
  expect(box.y + box.height).toBeLessThanOrEqual(400);
  await expect(chat.getByRole('textbox', { name: 'Email' })).toBeFocused();
  await visitor.keyboard.type('kim@example.com');
  await visitor.keyboard.press('Tab');
  await visitor.keyboard.type('Do you ship to Norway?');
  await visitor.keyboard.press('Tab');
  const send = chat.getByRole('button', { name: 'Send' });
  await expect(send).toBeFocused();
  await expect(send).toBeInViewport({ ratio: 1 });
  // The form scrolled, not the whole panel: the header stays.
  await expect(chat.getByRole('button', { name: 'Minimize chat' })).toBeInViewport({ ratio: 1 });
  expect(await chat.locator('form.offline').evaluate((form) => form.scrollTop)).toBeGreaterThan(0);
});
