/**
 * The "Hostile page" suite in real Chromium. The hostile pages are on 127.0.0.1 like the server,
 * on another port: another origin but the same site, so the agent's SameSite=Lax cookie does go
 * along with their requests, and only the server's own checks stand in the way.
 */
import { expect, type Page, test } from '@playwright/test';
import { HostSite, ParleyProcess, shopPage, signInAgent } from '../support/parley.ts';

let parley: ParleyProcess;
const hosts: HostSite[] = [];
test.afterEach(async () => {
  await Promise.all(hosts.splice(0).map((host) => host.stop()));
  await parley?.destroy();
});

async function startParley() {
  parley = await ParleyProcess.create();
  await parley.start();
  await parley.addAgent('ann@shop.example', 'correct horse', 'Ann');
}

async function hostPage(pages: (path: string) => string | null, hostname?: string) {
  const host = await HostSite.start(pages, hostname);
  hosts.push(host);
  return host;
}

/** Records every WebSocket the page opens and how it ended, before any of the page's scripts run. */
const WATCH_SOCKETS = `<script>
window.sockets = [];
window.WebSocket = class extends WebSocket {
  constructor(url, protocols) {
    super(url, protocols);
    const record = { url: String(url), opened: false, closeCode: null };
    window.sockets.push(record);
    this.addEventListener('open', () => (record.opened = true));
    this.addEventListener('close', (event) => (record.closeCode = event.code));
  }
};
</script>`;

const sockets = (page: Page) => page.evaluate(() => (window as any).sockets as Array<{ url: string; opened: boolean; closeCode: number | null }>);

/** Chromium logs each refused handshake's status to the console; that is the one place a page sees it. */
function handshakeRefusals(page: Page): string[] {
  const refusals: string[] = [];
  page.on('console', (message) => {
    const match = /Unexpected response code: (\d+)/.exec(message.text());
    if (match) refusals.push(match[1]!);
  });
  return refusals;
}

test('the widget embedded on an origin its site does not allow is refused at every socket upgrade', async ({ browser }) => {
  await startParley();
  const shop = await hostPage(() => null);
  const site = await parley.addSite('Shop', shop.origin);
  // A copy of the shop's snippet, pasted on a page the site does not list.
  const thief = await hostPage(() => shopPage(parley, site.key, { head: WATCH_SOCKETS }), '127.0.0.1');

  const page = await (await browser.newContext()).newPage();
  const refusals = handshakeRefusals(page);
  const warnings: string[] = [];
  const errors: string[] = [];
  const answers: Array<{ url: string; status: number }> = [];
  page.on('console', (message) => message.type() === 'warning' && warnings.push(message.text()));
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('response', (response) => answers.push({ url: response.url(), status: response.status() }));
  await page.goto(thief.origin);

  // Refused before upgrading; the widget asks the same URL over HTTP why, is told, and stops for good.
  await expect.poll(() => warnings.join('\n')).toContain(`Parley: the chat is off on this page: This site's chat is not allowed on ${thief.origin}.`);
  await expect(page.getByRole('button', { name: 'Open chat' })).toHaveCount(0);
  const tried = await sockets(page);
  expect(tried.length).toBeGreaterThanOrEqual(1);
  expect(tried.every((s) => s.url === `${parley.url.replace('http', 'ws')}/ws/visitor?site=${site.key}`)).toBe(true);
  expect(tried.some((s) => s.opened)).toBe(false);
  expect(tried.every((s) => s.closeCode === 1006)).toBe(true);
  // The browser reports each refused handshake on its own schedule: wait for all of them.
  await expect.poll(() => refusals.length).toBe(tried.length);
  expect(refusals).toEqual(tried.map(() => '403'));
  // Every request to the server that is not the widget's public code was refused.
  const asked = answers.filter((a) => a.url.startsWith(parley.url) && !/\/widget(\.js|\/)/.test(a.url));
  expect(asked.length).toBeGreaterThanOrEqual(1);
  expect(asked.every((a) => a.status === 403)).toBe(true);
  // And then it stays quiet: no more attempts.
  await page.waitForTimeout(3000);
  expect((await sockets(page)).length).toBe(tried.length);
  // The widget never throws into the host page, refused or not.
  expect(errors).toEqual([]);
});

test('a page on another origin cannot open the agent socket with the agent cookie, nor sign the agent in or out', async ({ browser }) => {
  await startParley();
  await parley.addAgent('mallory@evil.example', 'mallory password', 'Mallory');
  const agentPage = await signInAgent(browser, parley, 'ann@shop.example', 'correct horse');
  const me = () => agentPage.evaluate(() => fetch('/api/me').then(async (r) => ({ status: r.status, email: r.ok ? (await r.json()).agent.email : null })));
  expect(await me()).toEqual({ status: 200, email: 'ann@shop.example' });

  // The same browser, the agent's context: the hostile page runs beside the signed-in console.
  const evil = await hostPage(
    () => `<!doctype html><html><body>
<form id="login" method="post" enctype="text/plain" action="${parley.url}/api/login"><input name='{"email":"mallory@evil.example","password":"mallory password","x":"' value='"}'></form>
<form id="logout" method="post" action="${parley.url}/api/logout"></form>
<script>
window.attempts = {};
const hijack = new WebSocket('${parley.url.replace('http', 'ws')}/ws/agent');
hijack.onopen = () => (attempts.socket = 'open');
hijack.onmessage = (event) => (attempts.frame = event.data);
hijack.onclose = (event) => (attempts.socket = 'closed ' + event.code);
window.forge = async () => {
  const post = (path, body, type) => fetch('${parley.url}' + path, { method: 'POST', mode: 'no-cors', credentials: 'include', headers: { 'content-type': type }, body }).then((r) => r.type, (e) => 'refused ' + e);
  attempts.fetchLogin = await post('/api/login', JSON.stringify({ email: 'mallory@evil.example', password: 'mallory password' }), 'text/plain');
  attempts.fetchLogout = await post('/api/logout', '', 'text/plain');
};
</script></body></html>`,
    '127.0.0.1',
  );
  expect(new URL(evil.origin).hostname).toBe(new URL(parley.url).hostname);
  const page = await agentPage.context().newPage();
  const refusals = handshakeRefusals(page);
  await page.goto(evil.origin);
  await expect.poll(() => page.evaluate(() => (window as any).attempts.socket)).toBe('closed 1006');
  expect(await page.evaluate(() => (window as any).attempts.frame)).toBeUndefined();
  expect(refusals).toEqual(['403']);

  await page.evaluate(() => (window as any).forge());
  expect(await me()).toEqual({ status: 200, email: 'ann@shop.example' });

  // Plain form posts, the oldest CSRF: the browser navigates to our refusal.
  for (const form of ['login', 'logout']) {
    await page.goto(evil.origin);
    const answer = page.waitForResponse(`${parley.url}/api/${form}`);
    await page.evaluate((id) => (document.getElementById(id) as HTMLFormElement).submit(), form);
    expect((await answer).status()).toBe(403);
    // Landed on the refusal before the next round navigates away, so the two never race.
    await page.waitForURL(`${parley.url}/api/${form}`);
    expect(await me()).toEqual({ status: 200, email: 'ann@shop.example' });
  }
  await agentPage.reload();
  await expect(agentPage.getByRole('list', { name: 'Conversations' })).toBeVisible();
});

test('the console cannot be framed by another page; the demo page, which may be, loads in the same frame', async ({ browser }) => {
  await startParley();
  const framer = await hostPage(
    (path) => `<!doctype html><html><body><iframe title="framed" src="${parley.url}${path === '/demo' ? '/demo' : '/console/'}" width="800" height="600"></iframe></body></html>`,
    '127.0.0.1',
  );
  const page = await (await browser.newContext()).newPage();
  const blocked = page.waitForEvent('console', (message) => /frame-ancestors/.test(message.text()));
  await page.goto(framer.origin);
  await blocked;
  const frame = page.frameLocator('iframe[title="framed"]');
  await expect(frame.getByRole('button', { name: 'Sign in' })).toHaveCount(0);
  expect(page.frames().some((f) => f.url().startsWith(`${parley.url}/console`) && f !== page.mainFrame())).toBe(false);

  // The control: the same frame shows a page that allows framing, so "nothing loaded" above is the CSP's doing.
  await page.goto(`${framer.origin}/demo`);
  await expect(frame.getByRole('heading', { name: 'Handmade mugs and bowls' })).toBeVisible();
});

test('the console runs under its strict CSP without a single violation', async ({ browser }) => {
  await startParley();
  const context = await browser.newContext();
  const violations: string[] = [];
  await context.exposeFunction('reportViolation', (v: string) => violations.push(v));
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => (window as any).reportViolation(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const page = await context.newPage();
  await page.goto(`${parley.url}/console/`);
  await page.getByRole('textbox', { name: 'Email' }).fill('ann@shop.example');
  await page.getByRole('textbox', { name: 'Password' }).fill('correct horse');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('list', { name: 'Conversations' }).waitFor();
  await page.reload();
  await page.getByRole('list', { name: 'Conversations' }).waitFor();
  expect(violations).toEqual([]);
});
