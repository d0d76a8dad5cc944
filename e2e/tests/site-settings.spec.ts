/**
 * An admin sets a site up in Settings → Sites: greeting and brand colour saved and kept across a
 * reload, a bad colour refused in words by its field (and nothing of that save written), the embed
 * snippet copied; the top bar's switch turns chat off and an open widget shows the offline form.
 */
import { expect, type Page, test } from '@playwright/test';
import { type HostSite, type ParleyProcess, signInAgent, startShop } from '../support/parley.ts';

let parley: ParleyProcess;
let host: HostSite;
test.afterEach(async () => {
  await host?.stop();
  await parley?.destroy();
});

/** The Shop's form: the demo site is there too, so the Site picker shows. */
async function shopForm(admin: Page) {
  await admin.getByRole('main').getByRole('combobox', { name: 'Site' }).selectOption({ label: 'Shop' });
  const form = admin.getByRole('form', { name: 'Site settings' });
  await expect(form.getByRole('textbox', { name: 'Name' })).toHaveValue('Shop');
  return form;
}

test('an admin changes greeting and brand colour, copies the snippet, and turns chat off from the top bar', async ({ browser }) => {
  let site;
  ({ parley, host, site } = await startShop());
  await parley.addAgent('olga@shop.example', 'a long password', 'Olga');
  const admin = await signInAgent(browser, parley, 'olga@shop.example', 'a long password', { permissions: ['clipboard-read', 'clipboard-write'] });
  await admin.getByRole('link', { name: 'Settings' }).click();

  let form = await shopForm(admin);
  await expect(form.getByRole('textbox', { name: 'Allowed origins' })).toHaveValue(host.origin);
  await expect(form.getByRole('switch', { name: 'Chat on' })).toBeChecked();
  await form.getByRole('textbox', { name: 'Greeting' }).fill('Welcome to the shop! Ask us anything.');
  await form.getByRole('textbox', { name: 'Brand colour' }).fill('red');
  await form.getByRole('button', { name: 'Save', exact: true }).click();
  const colour = form.getByRole('textbox', { name: 'Brand colour' });
  await expect(colour).toHaveAccessibleDescription(/a colour such as #2456e8/);
  await expect(form.getByRole('alert').filter({ hasText: 'a colour such as #2456e8' })).toBeVisible();
  await expect(colour).toHaveAttribute('aria-invalid', 'true');

  // Refused whole: the greeting typed beside the bad colour was not written either.
  await admin.reload();
  form = await shopForm(admin);
  await expect(form.getByRole('textbox', { name: 'Greeting' })).toHaveValue('');

  await form.getByRole('textbox', { name: 'Greeting' }).fill('Welcome to the shop! Ask us anything.');
  await form.getByRole('textbox', { name: 'Brand colour' }).fill('#AA3300');
  await form.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(form.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();
  await expect(form.getByRole('alert')).toHaveCount(0);

  await admin.reload();
  form = await shopForm(admin);
  await expect(form.getByRole('textbox', { name: 'Greeting' })).toHaveValue('Welcome to the shop! Ask us anything.');
  await expect(form.getByRole('textbox', { name: 'Brand colour' })).toHaveValue('#aa3300');

  const snippet = `<script async src="${parley.url}/widget.js" data-site="${site.key}"></script>`;
  await expect(admin.getByRole('main')).toContainText(snippet);
  await admin.getByRole('main').getByRole('button', { name: 'Copy', exact: true }).click();
  await expect(admin.getByRole('main').getByRole('status').filter({ hasText: 'Copied' }).first()).toBeVisible();
  expect(await admin.evaluate(() => navigator.clipboard.readText())).toBe(snippet);

  // The top bar's switch: an open widget turns to the offline form, live.
  const visitor = await (await browser.newContext()).newPage();
  await visitor.goto(host.origin);
  await visitor.getByRole('button', { name: 'Open chat' }).click();
  const chat = visitor.getByRole('dialog', { name: 'Chat' });
  await expect(chat.getByRole('textbox', { name: 'Message' })).toBeVisible();
  await expect(chat.getByRole('textbox', { name: 'Email' })).toHaveCount(0);

  const chatOn = admin.getByRole('banner').getByRole('switch', { name: 'Chat on' });
  await expect(chatOn).toBeChecked();
  await chatOn.click();
  await expect(chatOn).not.toBeChecked();
  await expect(chat.getByRole('textbox', { name: 'Email' })).toBeVisible();
  // The same setting as the site's own switch in Settings, saved.
  await expect(form.getByRole('switch', { name: 'Chat on' })).toBeVisible();
  await admin.reload();
  form = await shopForm(admin);
  await expect(form.getByRole('switch', { name: 'Chat on' })).not.toBeChecked();
  await expect(admin.getByRole('banner').getByRole('switch', { name: 'Chat on' })).not.toBeChecked();
});

test('a colour and greeting saved in Settings reach a chat already open, without a reload', async ({ browser }) => {
  ({ parley, host } = await startShop());
  await parley.addAgent('olga@shop.example', 'a long password', 'Olga');
  const admin = await signInAgent(browser, parley, 'olga@shop.example', 'a long password');
  await admin.getByRole('link', { name: 'Settings' }).click();
  const form = await shopForm(admin);

  const visitor = await (await browser.newContext()).newPage();
  await visitor.goto(host.origin);
  await visitor.getByRole('button', { name: 'Open chat' }).click();
  const chat = visitor.getByRole('dialog', { name: 'Chat' });
  await expect(chat.getByRole('textbox', { name: 'Message' })).toBeVisible();
  const background = (selector: string) =>
    visitor.evaluate((s) => getComputedStyle(document.querySelector('parley-chat')!.shadowRoot!.querySelector(s)!).backgroundColor, selector);
  expect(await background('.head')).toBe('rgb(36, 86, 232)');

  await form.getByRole('textbox', { name: 'Greeting' }).fill('Hej! Ask us about sizes.');
  await form.getByRole('textbox', { name: 'Brand colour' }).fill('#ffd400');
  await form.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(form.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();

  await expect(chat.getByText('Hej! Ask us about sizes.')).toBeVisible();
  await expect.poll(() => background('.head')).toBe('rgb(255, 212, 0)');
  // On a yellow this light, the header's text turns black to stay readable.
  expect(await visitor.evaluate(() => getComputedStyle(document.querySelector('parley-chat')!.shadowRoot!.querySelector('.head')!).color)).toBe('rgb(0, 0, 0)');
  await chat.getByRole('button', { name: 'Minimize chat' }).click();
  await expect.poll(() => background('.launcher')).toBe('rgb(255, 212, 0)');
});
