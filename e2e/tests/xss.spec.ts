/**
 * Every XSS payload of the corpus as message text, visitor name, email, phone, page title, page
 * address and referrer, then the widget, the console (list, transcript, visitor panel, Visitors
 * online) and the fallback email looked at in Chromium: no script runs (alert, confirm, prompt and
 * print are trapped, dialogs watched), no request leaves for anywhere the page does not load from,
 * and no element a payload could have made is in the DOM.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { type BrowserContext, expect, type Page, test } from '@playwright/test';
import WebSocket from 'ws';
import { Mailbox } from '../support/mailbox.ts';
import { HostSite, ParleyProcess, shopPage } from '../support/parley.ts';
import { XSS_PAYLOADS } from '../support/xss-payloads.ts';

let parley: ParleyProcess;
let host: HostSite;
let mailbox: Mailbox;

test.afterEach(async () => {
  await host?.stop();
  await parley?.destroy();
  await mailbox?.stop();
});

/** Trapped in every page of the context; `allowed` says which requests the app itself makes. */
async function trap(context: BrowserContext, allowed: (url: URL) => boolean): Promise<string[]> {
  const hits: string[] = [];
  await context.exposeBinding('__xssRan', (_source, what: string) => hits.push(`ran ${what}`));
  await context.addInitScript(() => {
    for (const name of ['alert', 'confirm', 'prompt', 'print'] as const) {
      Object.defineProperty(window, name, { value: (...args: unknown[]) => (window as unknown as { __xssRan(what: string): void }).__xssRan(`${name}(${args.join(',')})`) });
    }
  });
  context.on('page', (page) =>
    page.on('dialog', (dialog) => {
      hits.push(`dialog ${dialog.type()} ${dialog.message()}`);
      void dialog.dismiss();
    }),
  );
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (allowed(url)) return route.continue();
    hits.push(`request ${url.href}`);
    return route.abort();
  });
  return hits;
}

/** Elements and attributes the app never renders and a payload would make, under `selector` and in its open shadow roots. */
function injected(page: Page, selector: string): Promise<string[]> {
  return page.evaluate((selector) => {
    const found: string[] = [];
    const FOREIGN = /^(script|iframe|frame|frameset|object|embed|applet|base|meta|link|marquee|math|mglyph|noscript|video|audio|source|animate)$/i;
    const SAFE_URL = /^(https?:|mailto:)/i;
    const walk = (root: ParentNode) => {
      for (const el of root.querySelectorAll('*')) {
        if (FOREIGN.test(el.localName)) {
          found.push(`<${el.localName}> ${el.outerHTML.slice(0, 80)}`);
        }
        for (const attr of el.attributes) {
          if (/^on/i.test(attr.name) || attr.name === 'srcdoc') found.push(`${el.localName}[${attr.name}]`);
          if (['href', 'src', 'action', 'formaction', 'data', 'xlink:href'].includes(attr.name) && !SAFE_URL.test(attr.value) && !(el.localName === 'a' && attr.value.startsWith('/'))) {
            found.push(`${el.localName}[${attr.name}=${attr.value.slice(0, 60)}]`);
          }
          if (attr.name === 'style' && /url\(|expression/i.test(attr.value)) found.push(`${el.localName}[style=${attr.value.slice(0, 60)}]`);
        }
        if (el.shadowRoot) walk(el.shadowRoot);
      }
    };
    for (const root of document.querySelectorAll(selector)) walk(root);
    return found;
  }, selector);
}

/** A socket driven from Node: the visitors and the agent who write what no widget or console would. */
class Peer {
  readonly frames: any[] = [];
  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => this.frames.push(JSON.parse(data.toString())));
  }
  static async open(url: string, headers: Record<string, string>) {
    const ws = new WebSocket(url, { headers });
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    return new Peer(ws);
  }
  send(frame: unknown) {
    this.ws.send(JSON.stringify(frame));
  }
  async next(match: (frame: any) => boolean, timeoutMs = 10_000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.frames.find(match);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no matching frame; got ${JSON.stringify(this.frames.map((f) => [f.t, f.clientId ?? f.code ?? f.item?.lastMessage?.text]))}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

test(`${XSS_PAYLOADS.length} payloads in every field run nowhere: widget, console and email`, async ({ browser }) => {
  test.setTimeout(90_000);
  mailbox = await Mailbox.start();
  // Trusting one proxy hop lets each hostile visitor come from an address of its own, as a crowd of attackers would.
  parley = await ParleyProcess.create({ SMTP_URL: mailbox.url, PARLEY_TRUST_PROXY: '1' });
  await parley.start();
  const identify = `<script>window.Parley = window.Parley || function () { (Parley.q = Parley.q || []).push(arguments) };
Parley('identify', ${JSON.stringify({ email: 'ada@example.com', name: XSS_PAYLOADS[3] }).replace(/</g, '\\u003c')});</script>`;
  host = await HostSite.start((path) => (path === '/' ? shopPage(parley, site.key, { head: identify }) : null));
  const site = await parley.addSite('Shop', host.origin);
  // 64 visitors start a conversation within the minute: more than a site allows by default.
  await parley.cli('site', 'set', site.key, 'newConversations=0');
  await parley.cli('site', 'set', site.key, 'emailDelay=1');
  await parley.addAgent('ann@shop.example', 'correct horse', 'Ann');
  const agentName = XSS_PAYLOADS[0]!;
  await parley.cli('agent', 'add', '--email', 'eve@shop.example', '--password', 'correct horse', '--name', agentName, '--role', 'admin');
  const wsUrl = (path: string) => `${parley.url.replace('http', 'ws')}${path}`;
  const parleyOrigin = new URL(parley.url).origin;
  const appRequest = (url: URL) =>
    (url.origin === parleyOrigin && /^\/(console|widget|api|ws|favicon\.ico)/.test(url.pathname)) || (url.origin === host.origin && /^\/(favicon\.ico)?$/.test(url.pathname));

  // The agent who answers, from Node: signed in over HTTP as the console would be.
  const login = await fetch(`${parley.url}/api/login`, {
    method: 'POST',
    headers: { origin: parley.url, 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'eve@shop.example', password: 'correct horse' }),
  });
  expect(login.status).toBe(200);
  const agent = await Peer.open(wsUrl('/ws/agent'), { cookie: login.headers.get('set-cookie')!.split(';')[0]!, origin: parley.url });
  await agent.next((f) => f.t === 'conversations');
  const reply = async (conversationId: string, texts: readonly string[], tag: string) => {
    texts.forEach((text, i) => agent.send({ t: 'send', conversationId, clientId: `${tag}-${i}`, text }));
    await agent.next((f) => (f.t === 'ack' || f.t === 'error') && f.clientId === `${tag}-${texts.length - 1}`, 30_000);
    expect(agent.frames.filter((f) => f.t === 'error')).toEqual([]);
  };

  // The widget: the visitor's own messages, and every payload as the agent's reply under the agent's payload name.
  const visitorContext = await browser.newContext();
  const widgetHits = await trap(visitorContext, appRequest);
  const visitor = await visitorContext.newPage();
  await visitor.goto(host.origin);
  await visitor.getByRole('button', { name: 'Open chat' }).click();
  const chat = visitor.getByRole('dialog', { name: 'Chat' });
  for (const payload of XSS_PAYLOADS.slice(0, 3)) {
    await chat.getByRole('textbox', { name: 'Message' }).fill(payload);
    await chat.getByRole('button', { name: 'Send' }).click();
  }
  const first = await agent.next((f) => f.t === 'conversation' && f.item.lastMessage?.text === XSS_PAYLOADS[2]?.trim());
  // A few payloads a message, a line each: the widget renders each message's text the same way whatever its length.
  const chunks = (size: number) => Array.from({ length: Math.ceil(XSS_PAYLOADS.length / size) }, (_, i) => XSS_PAYLOADS.slice(i * size, (i + 1) * size).join('\n'));
  await reply(first.item.id, chunks(8), 'widget');
  // The last chunk arrived. Its last payload's backticks read as code (formatting, not markup): the one before it reads as typed.
  await expect(chat.getByRole('log')).toContainText(XSS_PAYLOADS.at(-2)!);
  await expect(chat.getByRole('log')).toContainText('<script>alert(1)</script>');
  expect(await injected(visitor, 'body > *:last-child')).toEqual([]);
  expect(widgetHits).toEqual([]);

  // The hostile visitors, from Node: one each payload, in every field they can write.
  const hostile = await Promise.all(
    XSS_PAYLOADS.map(async (payload, i) => {
      const peer = await Peer.open(wsUrl(`/ws/visitor?site=${site.key}`), { origin: host.origin, 'x-forwarded-for': `10.8.${i >> 8}.${i & 255}` });
      peer.send({ t: 'hello', site: site.key, page: { url: `${host.origin}/${payload}`, title: payload, referrer: `https://evil.example/${payload}` } });
      await peer.next((f) => f.t === 'welcome');
      peer.send({ t: 'page', page: { url: payload, title: payload, referrer: payload } });
      peer.send({ t: 'identify', email: payload });
      peer.send({ t: 'identify', name: payload, email: `visitor${i}@example.com`, phone: `555-${i}` });
      peer.send({ t: 'send', clientId: 'x', text: payload });
      await peer.next((f) => f.t === 'ack');
      return peer;
    }),
  );
  // Rows stored before page addresses were checked at the edge: the console must still show them as text.
  const Database = createRequire(join(import.meta.dirname, '../../apps/server/package.json'))('better-sqlite3');
  const db = new Database(join(parley.dataDir, 'parley.db'));
  db.pragma('busy_timeout = 5000');
  const schemes = ['javascript:alert(1)', 'JaVaScRiPt:alert(1)', ' javascript:alert(1)', '\u0001javascript:alert(1)', 'data:text/html,<script>alert(1)</script>', 'vbscript:msgbox(1)'];
  const ids = (db.prepare("select id from visitors where email like 'visitor%' order by email limit ?").all(schemes.length) as Array<{ id: string }>).map((r) => r.id);
  schemes.forEach((url, i) => db.prepare('update visitors set page_url = ?, referrer = ? where id = ?').run(url, url, ids[i]));
  db.close();

  // The console: the list, every transcript with its visitor panel, and Visitors online.
  const consoleContext = await browser.newContext();
  const consoleHits = await trap(consoleContext, appRequest);
  const agentPage = await consoleContext.newPage();
  await agentPage.goto(`${parley.url}/console/`);
  await agentPage.getByRole('textbox', { name: 'Email' }).fill('ann@shop.example');
  await agentPage.getByRole('textbox', { name: 'Password' }).fill('correct horse');
  await agentPage.getByRole('button', { name: 'Sign in' }).click();
  const items = agentPage.getByRole('list', { name: 'Conversations' }).getByRole('listitem');
  // The list comes 50 at a time: the rest with "Load more".
  await expect(items).toHaveCount(50);
  await agentPage.getByRole('button', { name: 'Load more' }).click();
  await expect(items).toHaveCount(XSS_PAYLOADS.length + 1);
  await expect(agentPage.getByRole('button', { name: 'Load more' })).toHaveCount(0);
  expect(await injected(agentPage, 'body')).toEqual([]);
  const panel = agentPage.getByRole('complementary', { name: 'Visitor' });
  const phones = new Set<string>();
  for (let i = 0; i < XSS_PAYLOADS.length + 1; i++) {
    await items.nth(i).click();
    await expect(agentPage.getByRole('log')).not.toBeEmpty();
    const phone = panel.getByText(/^555-\d+$/);
    if (i < XSS_PAYLOADS.length && (await phone.count()) > 0) phones.add(await phone.innerText());
    expect(await injected(agentPage, 'body'), `conversation ${i}`).toEqual([]);
  }
  expect(phones.size).toBeGreaterThan(XSS_PAYLOADS.length - 5);
  await agentPage.getByRole('button', { name: 'Visitors online' }).click();
  const rows = agentPage.getByRole('list', { name: 'Visitors online' }).getByRole('listitem');
  await expect(rows).toHaveCount(XSS_PAYLOADS.length + 1);
  await expect(agentPage.getByRole('list', { name: 'Visitors online' })).toContainText(XSS_PAYLOADS[1]!);
  expect(await injected(agentPage, 'body')).toEqual([]);
  expect(consoleHits).toEqual([]);
  for (const peer of hostile) peer.ws.close();

  // The email: the visitor left, so the next replies go by mail; its HTML is opened with JavaScript on.
  await visitorContext.close();
  await reply(first.item.id, chunks(21), 'mail');
  const mail = await mailbox.receive('ada@example.com');
  expect(mail.html).toBeTruthy();
  const mailContext = await browser.newContext({ javaScriptEnabled: true });
  const mailHits = await trap(mailContext, () => false);
  const mailPage = await mailContext.newPage();
  await mailPage.setContent(mail.html as string, { waitUntil: 'load' });
  await expect(mailPage.locator('body')).toContainText('<img src=x onerror=alert(1)>');
  expect(await injected(mailPage, 'body')).toEqual([]);
  expect(mailHits).toEqual([]);
  agent.ws.close();
});
