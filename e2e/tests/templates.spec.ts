/** Templates and call links in the browser: an admin adds a shared template, inserts it with `/` in Reply, the visitor gets it; then a call link the widget shows as "Join call". */
import { expect, test } from '@playwright/test';
import { type HostSite, type ParleyProcess, signInAgent, startShop, visitorSends } from '../support/parley.ts';

let parley: ParleyProcess;
let host: HostSite;

test.afterEach(async () => {
  await host?.stop();
  await parley?.destroy();
});

test('the agent inserts a template with / and sends it, then sends a call link the widget shows as Join call', async ({ browser }) => {
  ({ parley, host } = await startShop());
  await parley.addAgent('ann@shop.example', 'correct horse', 'Ann');
  const agent = await signInAgent(browser, parley, 'ann@shop.example', 'correct horse');

  await agent.getByRole('link', { name: 'Settings' }).click();
  const form = agent.getByRole('form', { name: 'New template' });
  for (const [shortcut, text] of [
    ['shipping', 'Hi {visitor.name|there}, {agent.name} from {site.name} here: we ship in 2 days.'],
    ['returns', 'Returns are free for 30 days.'],
  ] as const) {
    await form.getByRole('textbox', { name: 'Shortcut' }).fill(shortcut);
    await form.getByRole('textbox', { name: 'Text' }).fill(text);
    await form.getByRole('checkbox', { name: 'Shared with every agent' }).check();
    await form.getByRole('button', { name: 'Add template' }).click();
    await expect(agent.getByRole('table', { name: 'Shared templates, by shortcut' })).toContainText(`/${shortcut}`);
  }

  // Edited in place: the list shows the new text.
  const shared = agent.getByRole('table', { name: 'Shared templates, by shortcut' });
  await shared.getByRole('button', { name: 'Edit /returns' }).click();
  const edit = agent.getByRole('form', { name: 'Edit /returns' });
  await edit.getByRole('textbox', { name: 'Text' }).fill('Returns are free for 30 days, {visitor.name|friend}.');
  await edit.getByRole('button', { name: 'Save template' }).click();
  await expect(shared).toContainText('Returns are free for 30 days, {visitor.name|friend}.');

  const visitor = await (await browser.newContext()).newPage();
  await visitor.goto(host.origin);
  await visitor.getByRole('button', { name: 'Open chat' }).click();
  const chat = visitor.getByRole('dialog', { name: 'Chat' });
  await visitorSends(visitor, 'How long does shipping take?');

  await agent.getByRole('button', { name: 'Inbox' }).click();
  await agent.getByRole('list', { name: 'Conversations' }).getByRole('listitem').first().click();
  const reply = agent.getByRole('textbox', { name: 'Reply' });
  const picker = agent.getByRole('listbox', { name: 'Templates' });
  await reply.pressSequentially('/');
  await expect(picker.getByRole('option')).toHaveCount(2);
  await reply.pressSequentially('ship');
  await expect(picker.getByRole('option')).toHaveCount(1);
  await expect(picker.getByRole('option')).toContainText('/shipping');
  await reply.press('Enter');
  await expect(picker).toBeHidden();
  const filled = 'Hi there, Ann from Shop here: we ship in 2 days.';
  await expect(reply).toHaveValue(filled);

  // Escape closes the list and leaves the text as typed; a click inserts in place of the /word.
  await reply.pressSequentially(' /ret');
  await expect(picker.getByRole('option')).toHaveCount(1);
  await reply.press('Escape');
  await expect(picker).toBeHidden();
  await expect(reply).toHaveValue(`${filled} /ret`);
  await reply.press('Backspace');
  await expect(picker.getByRole('option', { name: /returns/ })).toBeVisible();
  await picker.getByRole('option', { name: /returns/ }).click();
  await expect(reply).toHaveValue(`${filled} Returns are free for 30 days, friend.`);
  await agent.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(chat.getByRole('log')).toContainText(`${filled} Returns are free for 30 days, friend.`);

  // "Insert template" opens the same list without typing a slash.
  await agent.getByRole('button', { name: 'Insert template' }).click();
  await expect(picker.getByRole('option')).toHaveCount(2);
  await reply.press('Escape');
  await expect(picker).toBeHidden();

  await agent.getByRole('button', { name: 'Send call link' }).click();
  const join = chat.getByRole('link', { name: 'Join call' });
  await expect(join).toBeVisible();
  const href = await join.getAttribute('href');
  expect(href).toMatch(/^https:\/\/meet\.jit\.si\/parley-[0-9a-f]{20}$/);
  await expect(join).toHaveAttribute('target', '_blank');
  await expect(join).toHaveAttribute('rel', 'noopener noreferrer');
  await expect(agent.getByRole('log').getByRole('link', { name: 'Join call' })).toHaveAttribute('href', href!);

  // A second invitation of the same conversation names the same room.
  await agent.getByRole('button', { name: 'Send call link' }).click();
  await expect(chat.getByRole('link', { name: 'Join call' })).toHaveCount(2);
  expect(await chat.getByRole('link', { name: 'Join call' }).nth(1).getAttribute('href')).toBe(href);
});
