/** An admin adds an agent under Settings; the new agent signs in and sees the inbox. */
import { expect, test } from '@playwright/test';
import { ParleyProcess, signInAgent } from '../support/parley.ts';

let parley: ParleyProcess;
test.afterEach(() => parley?.destroy());

test('an admin adds an agent under Settings, who can then sign in', async ({ browser }) => {
  parley = await ParleyProcess.create();
  await parley.start();
  await parley.addAgent('olga@shop.example', 'a long password', 'Olga Owner');
  const admin = await signInAgent(browser, parley, 'olga@shop.example', 'a long password');
  await admin.getByRole('link', { name: 'Settings' }).click();
  const form = admin.getByRole('form', { name: 'New agent' });
  await form.getByRole('textbox', { name: 'Name' }).fill('Rita Rep');
  await form.getByRole('textbox', { name: 'Email' }).fill('rita@shop.example');
  await form.getByRole('textbox', { name: 'Password' }).fill('short');
  await form.getByRole('button', { name: 'Add agent' }).click();
  await expect(form.getByRole('alert')).toContainText('8 characters');

  await form.getByRole('textbox', { name: 'Password' }).fill('rita password');
  await form.getByRole('button', { name: 'Add agent' }).click();
  const row = admin.getByRole('row').filter({ hasText: 'rita@shop.example' });
  await expect(row).toContainText('Rita Rep');
  await expect(row.getByRole('button', { name: 'Disable' })).toBeVisible();
  await expect(form.getByRole('textbox', { name: 'Name' })).toHaveValue('');

  const rita = await signInAgent(browser, parley, 'rita@shop.example', 'rita password');
  await expect(rita.getByRole('list', { name: 'Conversations' })).toBeVisible();
});
