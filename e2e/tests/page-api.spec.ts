/** The host page's API: calls queued before the script loads are replayed; events reach the page's handlers. */
import { expect, test } from '@playwright/test';
import { HostSite, ParleyProcess, shopPage, signInAgent } from '../support/parley.ts';

let parley: ParleyProcess;
let host: HostSite;
test.afterEach(async () => {
  await host?.stop();
  await parley?.destroy();
});

test('open, close and on(message) through the queued page API', async ({ browser }) => {
  parley = await ParleyProcess.create();
  await parley.start();
  const head = `<script>
window.Parley = window.Parley || function () { (Parley.q = Parley.q || []).push(arguments) };
window.events = [];
Parley('on', 'open', () => events.push('open'));
Parley('on', 'message', (m) => events.push('message:' + m.text));
Parley('open');
</script>`;
  host = await HostSite.start(() => shopPage(parley, site.key, { head }));
  const site = await parley.addSite('Shop', host.origin);
  await parley.addAgent('ann@shop.example', 'correct horse', 'Ann');
  const agent = await signInAgent(browser, parley, 'ann@shop.example', 'correct horse');

  const visitor = await (await browser.newContext()).newPage();
  await visitor.goto(host.origin);
  const chat = visitor.getByRole('dialog', { name: 'Chat' });
  await expect(chat).toBeVisible();
  await expect.poll(() => visitor.evaluate(() => (window as any).events)).toContain('open');
  await chat.getByRole('textbox', { name: 'Message' }).fill('<img src=x onerror=alert(1)> see https://example.com/a');
  await chat.getByRole('button', { name: 'Send' }).click();

  await agent.getByRole('list', { name: 'Conversations' }).getByRole('listitem').click();
  // Text stays text in the console too; the link is a safe anchor.
  await expect(agent.getByRole('log')).toContainText('<img src=x onerror=alert(1)>');
  await expect(agent.getByRole('log').getByRole('link', { name: 'https://example.com/a' })).toHaveAttribute('rel', /noopener/);
  await agent.getByRole('textbox', { name: 'Reply' }).fill('Thanks!');
  await agent.getByRole('button', { name: 'Send', exact: true }).click();

  await expect.poll(() => visitor.evaluate(() => (window as any).events)).toContain('message:Thanks!');
  await expect(chat.getByRole('log')).toContainText('<img src=x onerror=alert(1)>');
  await visitor.evaluate(() => (window as any).Parley('close'));
  await expect(chat).toBeHidden();
  await expect(visitor.getByRole('button', { name: 'Open chat' })).toBeVisible();
});
