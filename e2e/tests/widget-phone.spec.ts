/** The widget on a phone (375×667, touch): the open panel is the screen, the message box stays in view, and the page behind neither scrolls nor loses its place. */
import { expect, test } from '@playwright/test';
import { expectAccessible } from '../support/axe.ts';
import { HostSite, ParleyProcess, shopPage, signInAgent } from '../support/parley.ts';

let parley: ParleyProcess;
let host: HostSite;

test.afterEach(async () => {
  await host?.stop();
  await parley?.destroy();
});

const PHONE = { width: 375, height: 667 };
const BODY_STYLE = 'margin: 0px; background: rgb(250, 250, 247); overflow-x: hidden;';

test('the open panel fills the screen, the page behind keeps its place and does not scroll, and is as it was after close', async ({ browser }) => {
  parley = await ParleyProcess.create();
  await parley.start();
  let key = '';
  const page = () =>
    shopPage(parley, key, {
      head: '<meta name="viewport" content="width=device-width, initial-scale=1">',
      body: `<div style="height: 4000px">A long page</div><script>document.body.setAttribute('style', '${BODY_STYLE}')</script>`,
    });
  host = await HostSite.start((path) => (path === '/' ? page() : null));
  key = (await parley.addSite('Shop', host.origin)).key;
  // An agent online: the composer, not the offline form.
  await parley.addAgent('ann@shop.example', 'correct horse', 'Ann');
  await signInAgent(browser, parley, 'ann@shop.example', 'correct horse');

  const visitor = await (await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true })).newPage();
  await visitor.goto(host.origin);
  await visitor.evaluate(() => window.scrollTo(0, 900));
  const before = await visitor.evaluate(() => ({ y: scrollY, html: document.documentElement.getAttribute('style'), body: document.body.getAttribute('style') }));
  expect(before).toEqual({ y: 900, html: null, body: BODY_STYLE });

  await visitor.getByRole('button', { name: 'Open chat' }).tap();
  const chat = visitor.getByRole('dialog', { name: 'Chat' });
  await expect(chat).toBeVisible();
  expect(await chat.boundingBox()).toEqual({ x: 0, y: 0, ...PHONE });
  const box = chat.getByRole('textbox', { name: 'Message' });
  await expect(box).toBeInViewport({ ratio: 1 });
  await expect(chat.getByRole('button', { name: 'Send' })).toBeInViewport({ ratio: 1 });
  await expectAccessible(visitor, 'the panel on a phone');

  // A swipe or the wheel over the panel does not move the page behind it.
  await visitor.mouse.move(180, 300);
  await visitor.mouse.wheel(0, 600);
  await visitor.waitForTimeout(200);
  expect(await visitor.evaluate(() => scrollY)).toBe(900);
  expect(await visitor.evaluate(() => getComputedStyle(document.documentElement).overflowY)).toBe('hidden');

  // The on-screen keyboard shrinks the visual viewport: the panel follows it, the message box stays in view.
  await box.tap();
  await visitor.setViewportSize({ width: PHONE.width, height: 360 });
  await expect.poll(async () => (await chat.boundingBox())!.height).toBe(360);
  await expect(box).toBeInViewport({ ratio: 1 });
  await visitor.setViewportSize(PHONE);

  await chat.getByRole('button', { name: 'Minimize chat' }).tap();
  await expect(chat).toBeHidden();
  const after = await visitor.evaluate(() => ({ y: scrollY, html: document.documentElement.getAttribute('style'), body: document.body.getAttribute('style') }));
  expect(after).toEqual(before);
  // And the page scrolls again.
  await visitor.mouse.wheel(0, 300);
  await expect.poll(() => visitor.evaluate(() => scrollY)).toBeGreaterThan(900);

  // Opened again, then turned wider than a phone (a tablet's landscape): a corner panel, and the page is free.
  const htmlStyle = () => visitor.evaluate(() => document.documentElement.getAttribute('style'));
  await visitor.getByRole('button', { name: 'Open chat' }).tap();
  await expect.poll(htmlStyle).not.toBeNull();
  await visitor.setViewportSize({ width: 800, height: PHONE.height });
  await expect.poll(htmlStyle).toBeNull();
  await expect(chat).toBeVisible();
});
