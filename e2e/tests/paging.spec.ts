/**
 * History paging in the console and the widget: a 200-message conversation opens at its latest
 * page; scrolling up loads the older ones, and the message at the top stays where it was while they come in.
 */
import { expect, test } from '@playwright/test';
import WebSocket from 'ws';
import { heard, recordAnnouncements } from '../support/announcements.ts';
import { type HostSite, type ParleyProcess, signInAgent, startShop, visitorSends } from '../support/parley.ts';

let parley: ParleyProcess;
let host: HostSite;

test.afterEach(async () => {
  await host?.stop();
  await parley?.destroy();
});

/** An agent's socket from Node, signed in over HTTP: writes the long conversation faster than typing would. */
async function agentSocket(email: string, password: string) {
  const login = await fetch(`${parley.url}/api/login`, {
    method: 'POST',
    headers: { origin: parley.url, 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  const ws = new WebSocket(`${parley.url.replace('http', 'ws')}/ws/agent`, { headers: { cookie: login.headers.get('set-cookie')!.split(';')[0]!, origin: parley.url } });
  const frames: any[] = [];
  ws.on('message', (data) => frames.push(JSON.parse(data.toString())));
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  const next = async (match: (frame: any) => boolean) => {
    for (let i = 0; i < 500; i++) {
      const found = frames.find(match);
      if (found) return found;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error('no matching frame');
  };
  return { ws, next };
}

test('a 200-message conversation opens at its latest in the console and the widget; scrolling up loads the older ones without moving the one in view', async ({ browser }) => {
  const shop = await startShop();
  ({ parley, host } = shop);
  await parley.addAgent('ann@shop.example', 'correct horse', 'Ann');
  const writer = await agentSocket('ann@shop.example', 'correct horse');
  await writer.next((f) => f.t === 'conversations');

  const visitor = await (await browser.newContext()).newPage();
  await visitor.goto(host.origin);
  await visitor.getByRole('button', { name: 'Open chat' }).click();
  await visitorSends(visitor, 'Message 1');
  const { item } = await writer.next((f) => f.t === 'conversation' && f.item.lastMessage?.text === 'Message 1');
  // Seq 1 is the visitor's, seq 2 the join the first reply records, then the replies up to seq 200.
  for (let n = 3; n <= 200; n++) writer.ws.send(JSON.stringify({ t: 'send', conversationId: item.id, clientId: `r${n}`, text: `Message ${n}` }));
  await writer.next((f) => f.t === 'ack' && f.clientId === 'r200');
  writer.ws.close();

  const agent = await signInAgent(browser, parley, 'ann@shop.example', 'correct horse', { viewport: { width: 1200, height: 700 } });
  await agent.getByRole('list', { name: 'Conversations' }).getByRole('listitem').first().click();
  const log = agent.getByRole('log');
  const messages = log.locator('li.message');
  await expect(log).toContainText('Message 200');
  await expect(messages).toHaveCount(50);
  await expect(log).not.toContainText('Message 150');

  /** The top of a message against the log's top edge, in pixels. */
  const offsetOf = (text: string) =>
    log.evaluate((el, text) => {
      const message = [...el.querySelectorAll('li.message')].find((li) => li.querySelector('.bubble')?.textContent === text)!;
      return message.getBoundingClientRect().top - el.getBoundingClientRect().top;
    }, text);

  for (const [oldest, expected] of [
    ['Message 151', 100],
    ['Message 101', 150],
    ['Message 51', 199],
  ] as const) {
    // To the top in one step, read before any frame can come back: the place the older page must not move.
    const before = await log.evaluate((el, oldest) => {
      el.scrollTop = 0;
      const message = [...el.querySelectorAll('li.message')].find((li) => li.querySelector('.bubble')?.textContent === oldest)!;
      return message.getBoundingClientRect().top - el.getBoundingClientRect().top;
    }, oldest);
    await expect(messages).toHaveCount(expected);
    expect(Math.abs((await offsetOf(oldest)) - before)).toBeLessThanOrEqual(2);
  }
  await expect(log).not.toContainText('Loading earlier messages');
  const all = [1, ...Array.from({ length: 198 }, (_, i) => i + 3)].map((n) => `Message ${n}`);
  expect(await messages.locator('.bubble').allTextContents()).toEqual(all);

  // The widget, after a reload: the latest page, then the older ones as the visitor scrolls up.
  // It was open: it opens again by itself.
  await visitor.reload();
  const widgetLog = visitor.getByRole('dialog', { name: 'Chat' }).getByRole('log');
  const bubbles = widgetLog.locator('.msg p');
  await expect(widgetLog).toContainText('Message 200');
  await expect(bubbles).toHaveCount(50);
  await recordAnnouncements(visitor);
  for (const count of [100, 150, 199]) {
    // As in the console: the oldest message and its place, read in the same step as the scroll.
    const [oldest, before] = await widgetLog.evaluate((el) => {
      el.scrollTop = 0;
      const message = el.querySelector('.msg')!;
      return [message.querySelector('p')!.textContent, message.getBoundingClientRect().top - el.getBoundingClientRect().top] as const;
    });
    await expect(bubbles).toHaveCount(count);
    const after = await widgetLog.evaluate((el, oldest) => {
      const message = [...el.querySelectorAll('.msg')].find((m) => m.querySelector('p')?.textContent === oldest)!;
      return message.getBoundingClientRect().top - el.getBoundingClientRect().top;
    }, oldest);
    expect(Math.abs(after - before)).toBeLessThanOrEqual(2);
  }
  expect(await bubbles.allTextContents()).toEqual(all);
  // Pages of history are not news: a screen reader reads none of them out.
  expect(await heard(visitor)).toBe('');
});
