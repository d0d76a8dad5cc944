/**
 * The widget speaks the visitor's language: German for a German browser (and only the German strings
 * fetched), Arabic right to left, the site's forced language over the browser's, and an agent's join
 * in the visitor's words. The launcher's own label is not looked up by name here: it is localized too.
 */
import { type Browser, expect, type Page, test } from '@playwright/test';
import { type HostSite, type ParleyProcess, signInAgent, startShop } from '../support/parley.ts';

let parley: ParleyProcess;
let host: HostSite;
test.afterEach(async () => {
  await host?.stop();
  await parley?.destroy();
});

const STRINGS_CHUNK = /\/widget\/(en|de|fr|es|pt|it|nl|zh-CN|ja|ar)-[\w-]+\.js$/;

/** Opens the chat through the page API (the contract's `Parley('open')`), whatever the launcher is called in this language. */
async function openChat(page: Page) {
  await page.waitForFunction(() => typeof (window as { Parley?: unknown }).Parley === 'function');
  await page.evaluate(() => (window as unknown as { Parley: (command: string) => void }).Parley('open'));
  const chat = page.getByRole('dialog');
  await expect(chat).toBeVisible();
  return chat;
}

/** The strings chunks the page fetched from our server, by language. */
function stringsFetched(page: Page): string[] {
  const fetched: string[] = [];
  page.on('request', (request) => {
    const match = STRINGS_CHUNK.exec(new URL(request.url()).pathname);
    if (match && request.url().startsWith(parley.url)) fetched.push(match[1]!);
  });
  return fetched;
}

/** A shop with an agent whose console is open: the widget shows its composer, not the offline form. */
async function staffedShop(browser: Browser) {
  ({ parley, host } = await startShop());
  await parley.addAgent('ann@shop.example', 'correct horse', 'Ann');
  return signInAgent(browser, parley, 'ann@shop.example', 'correct horse');
}

test('a German browser reads German and fetches only the German strings', async ({ browser }) => {
  await staffedShop(browser);
  const page = await (await browser.newContext({ locale: 'de-DE' })).newPage();
  const fetched = stringsFetched(page);
  await page.goto(host.origin);
  const chat = await openChat(page);
  await expect(chat).toHaveAttribute('lang', 'de');
  await expect(chat).toHaveAttribute('dir', 'ltr');
  const box = chat.getByRole('textbox', { name: 'Nachricht', exact: true });
  await expect(box).toHaveAttribute('placeholder', 'Nachricht schreiben…');
  await expect(chat.getByRole('button', { name: 'Senden', exact: true })).toBeVisible();
  await expect(chat.getByRole('button', { name: 'Chat minimieren', exact: true })).toBeVisible();
  await page.waitForLoadState('networkidle');
  expect(fetched).toEqual(['de']);
});

test('an Arabic browser gets the dialog right to left: Send sits left of the message box', async ({ browser }) => {
  await staffedShop(browser);
  const page = await (await browser.newContext({ locale: 'ar' })).newPage();
  const fetched = stringsFetched(page);
  await page.goto(host.origin);
  const chat = await openChat(page);
  await expect(chat).toHaveAttribute('dir', 'rtl');
  await expect(chat).toHaveAttribute('lang', 'ar');
  const box = (await chat.getByRole('textbox', { name: 'الرسالة' }).boundingBox())!;
  const send = (await chat.getByRole('button', { name: 'إرسال', exact: true }).boundingBox())!;
  expect(send.x + send.width).toBeLessThanOrEqual(box.x);
  // The header mirrors too: the minimize button at its left end.
  const minimize = (await chat.getByRole('button', { name: 'تصغير الدردشة' }).boundingBox())!;
  const dialog = (await chat.boundingBox())!;
  expect(minimize.x - dialog.x).toBeLessThan(dialog.width / 2);
  expect(fetched).toEqual(['ar']);
});

test('a site forced to French shows French to a German browser', async ({ browser }) => {
  const shop = await startShop();
  ({ parley, host } = shop);
  await parley.cli('site', 'set', shop.site.key, 'language=fr');
  const page = await (await browser.newContext({ locale: 'de-DE' })).newPage();
  const fetched = stringsFetched(page);
  // The site's language comes with the welcome: the chat opens after it, as a visitor's click would.
  const welcomed = page.waitForEvent('websocket').then((ws) => ws.waitForEvent('framereceived', (frame) => String(frame.payload).includes('"t":"welcome"')));
  await page.goto(host.origin);
  await welcomed;
  const chat = await openChat(page);
  await expect(chat).toHaveAttribute('lang', 'fr');
  // Nobody signed in: the offline form, in French.
  await expect(chat).toContainText('Laissez votre e-mail et votre message\u00a0: nous vous recontacterons.');
  await expect(chat.getByRole('textbox', { name: 'E-mail', exact: true })).toBeVisible();
  await expect(chat.getByRole('button', { name: 'Envoyer', exact: true })).toBeVisible();
  expect(fetched).toEqual(['fr']);
});

test("an agent's join reads in German in a German visitor's widget", async ({ browser }) => {
  const agent = await staffedShop(browser);
  const page = await (await browser.newContext({ locale: 'de-DE' })).newPage();
  await page.goto(host.origin);
  const chat = await openChat(page);
  await chat.getByRole('textbox', { name: 'Nachricht' }).fill('Ist die Tasse spülmaschinenfest?');
  await chat.getByRole('button', { name: 'Senden' }).click();
  await agent.getByRole('list', { name: 'Conversations' }).getByRole('listitem').click();
  await agent.getByRole('button', { name: 'Join' }).click();
  // The console stays English; the visitor reads the same event in their language.
  await expect(agent.getByRole('log', { name: 'Messages' }).getByText('Ann joined', { exact: true })).toBeVisible();
  await expect(chat.getByRole('log').getByText('Ann ist dem Chat beigetreten', { exact: true })).toBeVisible();
  await agent.getByRole('button', { name: 'Close conversation' }).click();
  await expect(chat.getByRole('log').getByText('Ann hat das Gespräch beendet', { exact: true })).toBeVisible();
});

test('with nobody to answer, the auto-reply reads in the visitor’s language', async ({ browser }) => {
  ({ parley, host } = await startShop());
  const page = await (await browser.newContext({ locale: 'es-ES' })).newPage();
  await page.goto(host.origin);
  const chat = await openChat(page);
  // Nobody signed in: the offline form takes the email and the message.
  await chat.getByRole('textbox', { name: 'Correo electrónico' }).fill('kim@example.com');
  await chat.getByRole('textbox', { name: 'Mensaje' }).fill('¿Enviáis a Canarias?');
  await chat.getByRole('button', { name: 'Enviar' }).click();
  await expect(chat.getByRole('log')).toContainText('¡Gracias por tu mensaje! Ahora mismo no estamos disponibles. Te responderemos por correo a kim@example.com.');
});
