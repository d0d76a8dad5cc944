/** An agent works a conversation with the keyboard alone: list, open, reply, send, views, pages, and the shortcuts' help. */
import { expect, type Page, test } from '@playwright/test';
import { type HostSite, type ParleyProcess, signInAgent, startShop, visitorSends } from '../support/parley.ts';

let parley: ParleyProcess;
let host: HostSite;

test.afterEach(async () => {
  await host?.stop();
  await parley?.destroy();
});

/** What names the focused element: a conversation's visitor name (its button's name begins with it), else its label. */
function focusedName(page: Page) {
  return page.evaluate(() => {
    const focused = document.activeElement as HTMLElement | null;
    return focused?.querySelector('.name')?.textContent?.trim() ?? focused?.getAttribute('aria-label') ?? focused?.tagName;
  });
}

test('an agent opens a conversation, replies and sends, switches views and pages, and reads the shortcuts, all by keyboard', async ({ browser }) => {
  ({ parley, host } = await startShop());
  await parley.addAgent('ann@shop.example', 'correct horse', 'Ann');
  const agent = await signInAgent(browser, parley, 'ann@shop.example', 'correct horse');

  const visitor = await (await browser.newContext()).newPage();
  await visitor.goto(host.origin);
  await visitor.getByRole('button', { name: 'Open chat' }).click();
  await visitorSends(visitor, 'Do you ship to Norway?');
  const list = agent.getByRole('list', { name: 'Conversations' });
  await expect(list.getByRole('listitem')).toContainText('Do you ship to Norway?');
  const name = (await list.getByRole('listitem').locator('.name').innerText()).trim();

  // j reaches the list from anywhere; Enter opens what is focused.
  await agent.keyboard.press('j');
  expect(await focusedName(agent)).toBe(name);
  await agent.keyboard.press('Enter');
  const view = agent.getByRole('region', { name: `Conversation with ${name}` });
  await expect(view).toBeVisible();

  // r jumps to the reply box; letters there are text, Enter sends.
  await agent.keyboard.press('r');
  const reply = agent.getByRole('textbox', { name: 'Reply' });
  await expect(reply).toBeFocused();
  await agent.keyboard.type('Yes, in 3 days. ');
  await agent.keyboard.press('Shift+Enter');
  await agent.keyboard.type('jk?g');
  await expect(reply).toHaveValue('Yes, in 3 days. \njk?g');
  await expect(agent.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeHidden();
  await agent.keyboard.press('Enter');
  await expect(visitor.getByRole('dialog', { name: 'Chat' }).getByRole('log')).toContainText('jk?g');
  await expect(reply).toHaveValue('');

  // Escape leaves the reply box for the open conversation in the list.
  await agent.keyboard.press('Escape');
  await expect(reply).not.toBeFocused();
  expect(await focusedName(agent)).toBe(name);

  // The help: ? opens it, Escape closes it, focus comes back where it was.
  await agent.keyboard.press('?');
  const help = agent.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(help).toBeVisible();
  for (const line of ['Next conversation in the list', 'Write a reply', 'Visitors online', 'Notifications']) {
    await expect(help).toContainText(line);
  }
  // Keys inside the open help are not shortcuts: g then v goes nowhere behind it.
  await agent.keyboard.press('g');
  await agent.keyboard.press('v');
  await expect(help).toBeVisible();
  await agent.keyboard.press('Escape');
  await expect(help).toBeHidden();
  expect(await focusedName(agent)).toBe(name);
  await expect(agent).toHaveURL(/\/console\/c\//);

  // The number keys pick the list's views in order, even the instant the help closes: the
  // dialog's close event, which ends its own keys, comes a task after focus is back on the page.
  await agent.keyboard.press('?');
  await expect(help).toBeVisible();
  await agent.evaluate(() => {
    document.querySelector<HTMLDialogElement>('dialog[open]')!.close();
    document.activeElement!.dispatchEvent(new KeyboardEvent('keydown', { key: '2', bubbles: true, cancelable: true }));
  });
  await expect(agent.getByRole('tab', { name: /^Joined( \d+)?$/ })).toHaveAttribute('aria-selected', 'true');
  await agent.keyboard.press('1');
  await expect(agent.getByRole('tab', { name: /^All( \d+)?$/ })).toHaveAttribute('aria-selected', 'true');

  // n opens the notification centre, Escape closes it.
  await agent.keyboard.press('n');
  await expect(agent.getByRole('region', { name: 'Notification centre' })).toBeVisible();
  await agent.keyboard.press('Escape');
  await expect(agent.getByRole('region', { name: 'Notification centre' })).toBeHidden();

  // g then a letter goes to a main page.
  await agent.keyboard.press('g');
  await agent.keyboard.press('v');
  await expect(agent.getByRole('heading', { name: /Visitors online/ })).toBeVisible();
  await agent.keyboard.press('g');
  await agent.keyboard.press('s');
  await expect(agent).toHaveURL(/\/console\/settings$/);
  await agent.keyboard.press('g');
  await agent.keyboard.press('i');
  await expect(list).toBeVisible();

  // With Ctrl, Alt or Meta a key is the browser's: Ctrl+1 picks no view.
  await agent.keyboard.press('2');
  await agent.keyboard.press('Control+1');
  await expect(agent.getByRole('tab', { name: /^Joined( \d+)?$/ })).toHaveAttribute('aria-selected', 'true');

  // The top bar's button opens the same help, and closing it returns focus to the button.
  const button = agent.getByRole('button', { name: 'Keyboard shortcuts' });
  await button.click();
  await expect(help).toBeVisible();
  await help.getByRole('button', { name: 'Close' }).click();
  await expect(help).toBeHidden();
  await expect(button).toBeFocused();
});
