/** Disabling an agent ends their open console: by the CLI in another process within 5 s, and from an admin's Settings at once. */
import { expect, test } from '@playwright/test';
import { ParleyProcess, signInAgent } from '../support/parley.ts';

let parley: ParleyProcess;
test.beforeEach(async () => {
  parley = await ParleyProcess.create();
  await parley.start();
  await parley.addAgent('olga@shop.example', 'a long password', 'Olga Owner');
  await parley.cli('agent', 'add', '--email', 'rep@shop.example', '--password', 'a long password', '--name', 'Rita Rep', '--role', 'agent');
});
test.afterEach(() => parley?.destroy());

test('`agent disable` run by the CLI sends the agent back to "Sign in" within 5 s', async ({ browser }) => {
  const rep = await signInAgent(browser, parley, 'rep@shop.example', 'a long password');
  // A representative's Settings hold only their templates: no agents to manage.
  await rep.getByRole('link', { name: 'Settings' }).click();
  await expect(rep.getByRole('heading', { name: 'Templates', exact: true })).toBeVisible();
  await expect(rep.getByRole('button', { name: 'Add agent' })).toHaveCount(0);
  await rep.getByRole('button', { name: 'Inbox' }).click();
  const started = Date.now();
  await parley.cli('agent', 'disable', 'rep@shop.example');
  await expect(rep.getByRole('button', { name: 'Sign in' })).toBeVisible({ timeout: 5_000 });
  // Measured from the CLI's start, its own process start-up included.
  expect(Date.now() - started).toBeLessThan(5_000 + 3_000);
  await expect(rep.getByRole('list', { name: 'Conversations' })).toHaveCount(0);

  // Signing in again is refused like a wrong password, until enabled.
  await rep.getByRole('textbox', { name: 'Email' }).fill('rep@shop.example');
  await rep.getByRole('textbox', { name: 'Password' }).fill('a long password');
  await rep.getByRole('button', { name: 'Sign in' }).click();
  await expect(rep.getByRole('alert')).toHaveText('Wrong email or password.');
  await parley.cli('agent', 'enable', 'rep@shop.example');
  await rep.getByRole('button', { name: 'Sign in' }).click();
  await expect(rep.getByRole('list', { name: 'Conversations' })).toBeVisible();
});

test('an admin disables an agent under Settings; their console returns to "Sign in"', async ({ browser }) => {
  const rep = await signInAgent(browser, parley, 'rep@shop.example', 'a long password');
  const admin = await signInAgent(browser, parley, 'olga@shop.example', 'a long password');
  await admin.getByRole('link', { name: 'Settings' }).click();
  const row = admin.getByRole('row').filter({ hasText: 'rep@shop.example' });
  await row.getByRole('button', { name: 'Disable' }).click();
  await expect(row.getByRole('button', { name: 'Enable' })).toBeVisible();
  await expect(rep.getByRole('button', { name: 'Sign in' })).toBeVisible({ timeout: 5_000 });
  // Admins cannot disable themselves here.
  await expect(admin.getByRole('row').filter({ hasText: 'olga@shop.example' }).getByRole('button')).toHaveCount(0);
  await row.getByRole('button', { name: 'Enable' }).click();
  await expect(row.getByRole('button', { name: 'Disable' })).toBeVisible();
});
