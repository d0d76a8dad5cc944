/**
 * An agent uploads their photo in Settings → Your profile; a visitor's chat, already open on the
 * shop's own origin, shows it in the header instead of the initials, without a reload.
 */
import { expect, test } from '@playwright/test';
import { type HostSite, type ParleyProcess, signInAgent, startShop } from '../support/parley.ts';

let parley: ParleyProcess;
let host: HostSite;
test.afterEach(async () => {
  await host?.stop();
  await parley?.destroy();
});

/** An 8×8 PNG: the server re-encodes it to its square photo size. */
const PHOTO = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAIAAABLbSncAAAAEUlEQVR4nGM4EGCAFTEMLQkAZplQAcmkEU0AAAAASUVORK5CYII=', 'base64');

test('an agent’s new photo reaches an open widget’s header, replacing the initials', async ({ browser }) => {
  ({ parley, host } = await startShop());
  await parley.addAgent('olga@shop.example', 'a long password', 'Olga Berg');
  const agent = await signInAgent(browser, parley, 'olga@shop.example', 'a long password');

  const visitor = await (await browser.newContext()).newPage();
  await visitor.goto(host.origin);
  await visitor.getByRole('button', { name: 'Open chat' }).click();
  const chat = visitor.getByRole('dialog', { name: 'Chat' });
  const face = chat.locator('.faces .face');
  await expect(face).toHaveText('OB');

  await agent.getByRole('link', { name: 'Settings' }).click();
  const profile = agent.getByRole('region', { name: 'Your profile' });
  await expect(profile.getByRole('img')).toHaveCount(0);
  await profile.getByLabel('Upload photo').setInputFiles({ name: 'me.png', mimeType: 'image/png', buffer: PHOTO });
  await expect(profile.getByRole('img', { name: 'Photo of Olga Berg' })).toBeVisible();

  const photo = chat.locator('.faces img.face');
  await expect(photo).toHaveAttribute('src', new RegExp(`^${parley.url}/avatars/[\\w-]{21}\\.png$`));
  // Loaded from our server into a page on another origin: the image really shows.
  await expect.poll(() => photo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);

  await profile.getByRole('button', { name: 'Remove photo' }).click();
  await expect(face).toHaveText('OB');
  await expect(profile.getByRole('img')).toHaveCount(0);
});
