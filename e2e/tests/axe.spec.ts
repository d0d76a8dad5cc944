/**
 * axe-core finds no serious or critical violation in the widget (open, light and dark, and its offline form) nor in the console's main views;
 * and each console view has its structure: one `main`, one h1, nothing outside a landmark (rules axe rates moderate).
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, test } from '@playwright/test';
import { expectAccessible } from '../support/axe.ts';
import { ParleyProcess, signInAgent, visitorSends } from '../support/parley.ts';

let parley: ParleyProcess;

/** Screen-reader users jump by landmark and by heading: each view is one `main` named by one h1, with all its content in landmarks. */
const STRUCTURE_RULES = ['landmark-one-main', 'landmark-no-duplicate-main', 'page-has-heading-one', 'region'];

async function expectStructure(page: Page, view: string): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).withRules(STRUCTURE_RULES).analyze();
  expect(violations.map((v) => `${v.impact} ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), `axe structure, ${view}`).toEqual([]);
}

test.afterEach(async () => {
  await parley?.destroy();
});

test('the demo page with the chat open, in light and dark, then the console’s main views', async ({ browser }) => {
  // Eight full axe passes (a few seconds each on a busy machine): more than the default minute.
  test.setTimeout(120_000);
  parley = await ParleyProcess.create();
  await parley.start();
  await parley.addAgent('ann@shop.example', 'correct horse', 'Ann Lee');
  const agent = await signInAgent(browser, parley, 'ann@shop.example', 'correct horse');

  const visitor = await (await browser.newContext()).newPage();
  await visitor.goto(`${parley.url}/demo`);
  await visitor.getByRole('button', { name: 'Open chat' }).click();
  const chat = visitor.getByRole('dialog', { name: 'Chat' });
  await visitorSends(visitor, 'Do you ship to Norway?');
  const item = agent.getByRole('list', { name: 'Conversations' }).getByRole('listitem');
  await item.click();
  await agent.getByRole('button', { name: 'Join' }).click();
  await agent.getByRole('textbox', { name: 'Reply' }).fill('We do, in 3 days.');
  await agent.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(chat.getByRole('log')).toContainText('We do, in 3 days.');

  await expectAccessible(visitor, 'widget open');
  await visitor.emulateMedia({ colorScheme: 'dark' });
  await expectAccessible(visitor, 'widget open, dark');

  await expectAccessible(agent, 'Inbox with a conversation open');
  await expectStructure(agent, 'Inbox with a conversation open');
  for (const view of ['Visitors online', 'Customers', 'History', 'Settings']) {
    const nav = agent.getByRole('button', { name: view, exact: true }).or(agent.getByRole('link', { name: view, exact: true }));
    await nav.click();
    await expect(nav).toHaveAttribute('aria-current', 'page');
    await agent.waitForLoadState('networkidle');
    await expectAccessible(agent, view);
    await expectStructure(agent, view);
  }

  const signIn = await (await browser.newContext()).newPage();
  await signIn.goto(`${parley.url}/console/`);
  await signIn.getByRole('button', { name: 'Sign in' }).waitFor();
  await expectAccessible(signIn, 'sign-in');
  await expectStructure(signIn, 'sign-in');
});

test('the offline form, in light and dark', async ({ browser }) => {
  parley = await ParleyProcess.create();
  await parley.start();
  // No agent signed in: nobody can answer, so the widget offers the offline form.
  const visitor = await (await browser.newContext()).newPage();
  await visitor.goto(`${parley.url}/demo`);
  await visitor.getByRole('button', { name: 'Open chat' }).click();
  const chat = visitor.getByRole('dialog', { name: 'Chat' });
  await expect(chat.getByRole('textbox', { name: 'Email' })).toBeVisible();
  await expectAccessible(visitor, 'offline form');
  await visitor.emulateMedia({ colorScheme: 'dark' });
  await expectAccessible(visitor, 'offline form, dark');
});
