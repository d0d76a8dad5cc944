/**
 * Files both ways in real Chromium (issue 11, item 1): the visitor picks an image with the file
 * chooser behind "Attach file" and the agent sees it inline (an img named by the file, loaded);
 * the agent sends a file that the visitor sees as a download link with its size.
 */
import { expect, test } from '@playwright/test';
import { type HostSite, type ParleyProcess, signInAgent, startShop, visitorSends } from '../support/parley.ts';

let parley: ParleyProcess;
let host: HostSite;

test.afterEach(async () => {
  await host?.stop();
  await parley?.destroy();
});

/** A 24×16 PNG. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAABgAAAAQCAIAAACDRijCAAAACXBIWXMAAAPoAAAD6AG1e1JrAAAAIElEQVQ4jWN4nh9IFcQwatDz0TB6PpqO8kezSD756QAArmh6nyekLS0AAAAASUVORK5CYII=',
  'base64',
);

/** Whether the image has decoded pixels: its bytes really arrived. */
const loaded = (img: HTMLImageElement) => img.complete && img.naturalWidth > 0;

test('the visitor sends an image the agent sees inline, and the agent sends a file the visitor sees as a link', async ({ browser }) => {
  const shop = await startShop();
  ({ parley, host } = shop);
  await parley.addAgent('ann@shop.example', 'correct horse', 'Ann');
  const agent = await signInAgent(browser, parley, 'ann@shop.example', 'correct horse');

  const visitor = await (await browser.newContext()).newPage();
  await visitor.goto(host.origin);
  await visitor.getByRole('button', { name: 'Open chat' }).click();
  const chat = visitor.getByRole('dialog', { name: 'Chat' });
  await visitorSends(visitor, 'Here is the broken part:');

  const chooser = visitor.waitForEvent('filechooser');
  await chat.getByRole('button', { name: 'Attach file' }).click();
  await (await chooser).setFiles({ name: 'broken-part.png', mimeType: 'image/png', buffer: PNG });
  const sent = chat.getByRole('log').getByRole('img', { name: 'broken-part.png' });
  await expect(sent).toBeVisible();
  await expect.poll(() => sent.evaluate(loaded)).toBe(true);

  await agent.getByRole('list', { name: 'Conversations' }).getByRole('listitem').click();
  const inline = agent.getByRole('log').getByRole('img', { name: 'broken-part.png' });
  await expect(inline).toBeVisible();
  await expect.poll(() => inline.evaluate(loaded)).toBe(true);
  expect(await inline.evaluate((img: HTMLImageElement) => [img.naturalWidth, img.naturalHeight])).toEqual([24, 16]);

  const agentChooser = agent.waitForEvent('filechooser');
  await agent.getByRole('button', { name: 'Attach file' }).click();
  await (await agentChooser).setFiles({ name: 'returns form.txt', mimeType: 'text/plain', buffer: Buffer.from('Name:\nOrder number:\n') });
  const link = chat.getByRole('log').getByRole('link', { name: 'returns form.txt' });
  await expect(link).toBeVisible();
  await expect(chat.getByRole('log')).toContainText('20 bytes');
  const download = visitor.waitForEvent('download');
  await link.click();
  expect((await download).suggestedFilename()).toBe('returns form.txt');
  await expect(agent.getByRole('log').getByRole('link', { name: 'returns form.txt' })).toBeVisible();
});

test('the widget says in words why a file was refused, and stores nothing', async ({ browser }) => {
  const shop = await startShop();
  ({ parley, host } = shop);
  await parley.addAgent('ann@shop.example', 'correct horse', 'Ann');
  // An agent online: otherwise the widget shows the offline form, which takes no files.
  await signInAgent(browser, parley, 'ann@shop.example', 'correct horse');
  const visitor = await (await browser.newContext()).newPage();
  await visitor.goto(host.origin);
  await visitor.getByRole('button', { name: 'Open chat' }).click();
  const chat = visitor.getByRole('dialog', { name: 'Chat' });
  await visitorSends(visitor, 'Hello');
  const chooser = visitor.waitForEvent('filechooser');
  await chat.getByRole('button', { name: 'Attach file' }).click();
  await (await chooser).setFiles({ name: 'setup.png', mimeType: 'image/png', buffer: Buffer.concat([Buffer.from('MZ'), Buffer.alloc(600, 1)]) });
  await expect(chat.getByRole('alert')).toContainText('This kind of file (exe) is not accepted here');
  await expect(chat.getByRole('log').getByRole('img')).toHaveCount(0);
});
