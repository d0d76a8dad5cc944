/** The open panel: the site's title, greeting and agents, times and days in the log, sends waiting said in words, the keyboard, screen readers, 200% zoom. */
import { expect, test } from '@playwright/test';
import { heard, recordAnnouncements } from '../support/announcements.ts';
import { expectAccessible } from '../support/axe.ts';
import { rewriteVisitorFrames } from '../support/frames.ts';
import { type HostSite, type ParleyProcess, signInAgent, startShop, visitorSends } from '../support/parley.ts';

let parley: ParleyProcess;
let host: HostSite;

test.afterEach(async () => {
  await host?.stop();
  await parley?.destroy();
});

const TIME = /\b\d{1,2}:\d{2}\b/;

test('the header shows the team, up to three agents (initials without an http(s) photo) and the greeting, and follows a config change live; messages carry times under a day line', async ({ browser }) => {
  let site: { key: string };
  ({ parley, host, site } = await startShop());
  await parley.cli('site', 'set', site.key, 'teamName=Mugs & Co', 'greeting=Hej! Ask us about glazes.');
  await parley.addAgent('ann@shop.example', 'correct horse', 'Ann Lee');
  const agent = await signInAgent(browser, parley, 'ann@shop.example', 'correct horse');

  const visitor = await (await browser.newContext({ locale: 'en-GB' })).newPage();
  // The server lists no agents yet (another change fills them): the header is shown them here.
  let welcomed: Record<string, unknown> = {};
  const push = await rewriteVisitorFrames(visitor, (frame) => {
    if (frame.t !== 'welcome') return frame;
    welcomed = {
      ...(frame.config as object),
      agents: [
        { name: 'Ann Lee', avatarUrl: null },
        // Only http(s) photos: anything else is shown as initials.
        { name: 'bo', avatarUrl: 'javascript:alert(1)' },
        { name: 'Cy', avatarUrl: `${host.origin}/cy.png` },
        { name: 'Dee', avatarUrl: null },
      ],
    };
    return { ...frame, config: welcomed };
  });
  await visitor.goto(host.origin);
  await visitor.getByRole('button', { name: 'Open chat' }).click();
  const chat = visitor.getByRole('dialog', { name: 'Chat' });
  await expect(chat.getByRole('heading', { name: 'Mugs & Co' })).toBeVisible();
  // Three at most.
  await expect(chat).toContainText(/Ann Lee, bo,? and Cy/);
  await expect(chat.locator('.face')).toHaveText(['AL', 'B', '']);
  await expect(chat.locator('img.face')).toHaveAttribute('src', `${host.origin}/cy.png`);
  await expect(chat.locator('img.face')).toHaveAttribute('referrerpolicy', 'no-referrer');
  await expect(chat.getByRole('log')).toContainText('Hej! Ask us about glazes.');

  await visitorSends(visitor, 'Do you ship to Norway?');
  const log = chat.getByRole('log');
  await expect(log.locator('.note.day')).toHaveText(['Today']);
  await expect(log.locator('.msg.visitor time')).toHaveText(TIME);
  await agent.getByRole('list', { name: 'Conversations' }).getByRole('listitem').click();
  await agent.getByRole('button', { name: 'Join' }).click();
  await agent.getByRole('textbox', { name: 'Reply' }).fill('We do.');
  await agent.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(log.locator('.msg.agent')).toContainText('We do.');
  await expect(log.locator('.msg.agent time')).toHaveText(TIME);
  // One day, one line.
  await expect(log.locator('.note.day')).toHaveCount(1);

  // The site's settings change while the chat is open: the header follows without a reload.
  push({ t: 'config', config: { ...welcomed, title: 'Mugs & Bowls', agents: [{ name: 'Cy', avatarUrl: null }] } });
  await expect(chat.getByRole('heading', { name: 'Mugs & Bowls' })).toBeVisible();
  await expect(chat.locator('.face')).toHaveText(['C']);
});

test('a message not sent yet says so in words: waiting for the connection, then delivered', async ({ browser }) => {
  ({ parley, host } = await startShop());
  await parley.addAgent('ann@shop.example', 'correct horse', 'Ann');
  await signInAgent(browser, parley, 'ann@shop.example', 'correct horse');
  const visitor = await (await browser.newContext()).newPage();
  await visitor.goto(host.origin);
  await visitor.getByRole('button', { name: 'Open chat' }).click();
  const chat = visitor.getByRole('dialog', { name: 'Chat' });
  await expect(chat.getByRole('textbox', { name: 'Message' })).toBeFocused();

  await parley.kill();
  await visitorSends(visitor, 'Still there?');
  const bubble = chat.locator('.msg.visitor', { hasText: 'Still there?' });
  await expect(bubble).toContainText('Waiting for connection…');
  await parley.start();
  await expect(bubble).not.toContainText('Waiting for connection…', { timeout: 30_000 });
  await expect(bubble).toContainText(TIME);
});


test('by keyboard: focus goes into the message box on open, back to the launcher on Escape; the log announces only new messages', async ({ browser }) => {
  ({ parley, host } = await startShop());
  await parley.addAgent('ann@shop.example', 'correct horse', 'Ann');
  const agent = await signInAgent(browser, parley, 'ann@shop.example', 'correct horse');
  const visitor = await (await browser.newContext()).newPage();
  await visitor.goto(host.origin);
  const launcher = visitor.getByRole('button', { name: 'Open chat' });
  await launcher.focus();
  await visitor.keyboard.press('Enter');
  const chat = visitor.getByRole('dialog', { name: 'Chat' });
  const box = chat.getByRole('textbox', { name: 'Message' });
  await expect(box).toBeFocused();
  await visitor.keyboard.type('Hello there');
  await visitor.keyboard.press('Enter');
  await expect(chat.getByRole('log')).toContainText('Hello there');
  // Tab walks the panel in reading order.
  await visitor.keyboard.press('Tab');
  await expect(chat.getByRole('button', { name: 'Attach file' })).toBeFocused();
  await visitor.keyboard.press('Tab');
  await expect(chat.getByRole('button', { name: 'Send' })).toBeFocused();
  await visitor.keyboard.press('Escape');
  await expect(chat).toBeHidden();
  await expect(launcher).toBeFocused();

  // Opening again shows the history without reading it out; a new message is read.
  await recordAnnouncements(visitor);
  await visitor.keyboard.press('Enter');
  await expect(box).toBeFocused();
  await visitor.waitForTimeout(300);
  expect(await heard(visitor)).toBe('');
  await agent.getByRole('list', { name: 'Conversations' }).getByRole('listitem').click();
  await agent.getByRole('button', { name: 'Join' }).click();
  await agent.getByRole('textbox', { name: 'Reply' }).fill('Hi, how can I help?');
  await agent.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(chat.getByRole('log')).toContainText('Hi, how can I help?');
  expect(await heard(visitor)).toContain('Hi, how can I help?');
  expect(await heard(visitor)).not.toContain('Hello there');

  // The visitor's own message is read once as sent, not again as it is acknowledged and its state moves on.
  await visitorSends(visitor, 'Thanks, a mug please');
  await expect(chat.locator('.msg.visitor', { hasText: 'Thanks, a mug please' })).toContainText(/Delivered|Seen/);
  expect((await heard(visitor)).split('Thanks, a mug please').length - 1).toBe(1);
});

test('at 200% zoom (a 640×400 window) the panel fits and its log scrolls; fields are 16 px so phones do not zoom', async ({ browser }) => {
  ({ parley, host } = await startShop());
  await parley.addAgent('ann@shop.example', 'correct horse', 'Ann');
  await signInAgent(browser, parley, 'ann@shop.example', 'correct horse');
  const visitor = await (await browser.newContext({ viewport: { width: 640, height: 400 } })).newPage();
  await visitor.goto(host.origin);
  await visitor.getByRole('button', { name: 'Open chat' }).click();
  const chat = visitor.getByRole('dialog', { name: 'Chat' });
  for (let i = 1; i <= 8; i++) await visitorSends(visitor, `Line ${i} of a long question`);
  await expect(chat.getByRole('log')).toContainText('Line 8');
  const box = (await chat.boundingBox())!;
  expect(box.y).toBeGreaterThanOrEqual(0);
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.y + box.height).toBeLessThanOrEqual(400);
  expect(box.x + box.width).toBeLessThanOrEqual(640);
  await expect(chat.getByRole('textbox', { name: 'Message' })).toBeInViewport({ ratio: 1 });
  await expect(chat.getByRole('button', { name: 'Send' })).toBeInViewport({ ratio: 1 });
  const log = await chat.getByRole('log').evaluate((el) => ({ scrolls: el.scrollHeight > el.clientHeight, overflow: getComputedStyle(el).overflowY }));
  expect(log).toEqual({ scrolls: true, overflow: 'auto' });
  expect(await chat.getByRole('textbox', { name: 'Message' }).evaluate((el) => parseFloat(getComputedStyle(el).fontSize))).toBeGreaterThanOrEqual(16);
});

test('an agent’s message while the chat is closed is announced by the preview beside the launcher, even as the panel first loads', async ({ browser }) => {
  ({ parley, host } = await startShop());
  await parley.addAgent('ann@shop.example', 'correct horse', 'Ann');
  const agent = await signInAgent(browser, parley, 'ann@shop.example', 'correct horse');
  const visitor = await (await browser.newContext()).newPage();
  await visitor.goto(host.origin);
  await visitor.getByRole('button', { name: 'Open chat' }).waitFor();
  await recordAnnouncements(visitor);
  // The visitor never opened the chat: the agent writes first, and the panel's chunk loads for it.
  await agent.getByRole('button', { name: 'Visitors online' }).click();
  await agent.getByRole('button', { name: 'Start chat' }).click();
  await agent.getByRole('textbox', { name: 'Message to visitor' }).fill('Hi, can I help you find a mug?');
  await agent.getByRole('button', { name: 'Send' }).click();
  const status = visitor.getByRole('status', { name: 'New message from Ann' });
  await expect(status).toContainText('Hi, can I help you find a mug?');
  await expect.poll(() => heard(visitor)).toContain('Hi, can I help you find a mug?');
  // The preview only: the launcher's unread badge is another change's (its count is not in its name yet).
  await expectAccessible(visitor, 'the preview beside the launcher', ['parley-chat', '.preview']);
  await status.getByRole('button', { name: /Hi, can I help/ }).click();
  await expect(visitor.getByRole('dialog', { name: 'Chat' }).getByRole('log')).toContainText('Hi, can I help you find a mug?');
});
