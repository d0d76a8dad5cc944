/** Runs the built Parley server and CLI (apps/server/dist, what ships) on a temporary data dir, and a host page on another origin. */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Browser, BrowserContextOptions, Page } from '@playwright/test';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
const run = promisify(execFile);

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

export class ParleyProcess {
  private child: ChildProcess | null = null;
  output = '';

  private constructor(
    readonly port: number,
    readonly dataDir: string,
    private readonly extraEnv: Record<string, string>,
  ) {}

  /** `env` adds to the server's environment, e.g. SMTP_URL. */
  static async create(env: Record<string, string> = {}): Promise<ParleyProcess> {
    return new ParleyProcess(await freePort(), mkdtempSync(join(tmpdir(), 'parley-e2e-')), env);
  }

  get url() {
    return `http://127.0.0.1:${this.port}`;
  }

  private get env() {
    return { ...process.env, PORT: String(this.port), HOST: '127.0.0.1', PARLEY_DATA_DIR: this.dataDir, PARLEY_PUBLIC_URL: this.url, ...this.extraEnv };
  }

  async start(): Promise<void> {
    const from = this.output.length;
    this.child = spawn(process.execPath, ['apps/server/dist/main.js'], { cwd: ROOT, env: this.env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child.stdout!.on('data', (d) => (this.output += d));
    this.child.stderr!.on('data', (d) => (this.output += d));
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      if (this.child.exitCode !== null) throw new Error(`the server exited (${this.child.exitCode}):\n${this.output}`);
      // Our own child must say it listens: a health answer alone could come from another
      // worker's server that took the same free port first (this child then exits EADDRINUSE).
      const listening = this.output.includes(`listening on ${this.url}`, from);
      const ok = listening && (await fetch(`${this.url}/healthz`).then((r) => r.ok, () => false));
      if (ok) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`the server did not become healthy in 20 s:\n${this.output}`);
  }

  /** Kills the server without warning, as a crash or power cut would. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }

  async cli(...args: string[]): Promise<string> {
    const { stdout } = await run(process.execPath, ['apps/server/dist/cli.js', ...args], { cwd: ROOT, env: this.env });
    return stdout.trim();
  }

  async addAgent(email: string, password: string, name: string) {
    return this.cli('agent', 'add', '--email', email, '--password', password, '--name', name, '--role', 'admin');
  }

  /** Creates a site allowed on `origin` and returns its key and secret. */
  async addSite(name: string, origin: string) {
    const out = await this.cli('site', 'add', '--name', name, '--origin', origin);
    return { key: /key: (\S+)/.exec(out)![1]!, secret: /secret[^:]*: (\S+)/.exec(out)![1]! };
  }

  async destroy(): Promise<void> {
    await this.kill();
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}

/**
 * A shop's page on its own origin (localhost, where the server is 127.0.0.1): pages are HTML bodies
 * by path. `hostname` '127.0.0.1' makes a sibling origin instead: same site as the server (so its
 * SameSite=Lax cookie goes along), another origin.
 */
export class HostSite {
  private constructor(
    private readonly server: Server,
    readonly origin: string,
  ) {}

  static async start(pages: (path: string) => string | null, hostname = 'localhost'): Promise<HostSite> {
    const server = createServer((req, res) => {
      const body = pages(new URL(req.url ?? '/', 'http://x').pathname);
      res.writeHead(body === null ? 404 : 200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(body ?? 'not found');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return new HostSite(server, `http://${hostname}:${(server.address() as AddressInfo).port}`);
  }

  stop() {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(resolve));
  }
}

export function shopPage(parley: ParleyProcess, siteKey: string, { title = 'Shop', head = '', body = '' } = {}) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title>${head}</head>
<body><h1>The shop</h1>${body}
<script async src="${parley.url}/widget.js" data-site="${siteKey}"></script>
</body></html>`;
}

/** Signs an agent in to the console in a browser context of its own; `context` sets it up, e.g. a phone's viewport. */
export async function signInAgent(browser: Browser, parley: ParleyProcess, email: string, password: string, context: BrowserContextOptions = {}): Promise<Page> {
  const page = await (await browser.newContext(context)).newPage();
  await page.goto(`${parley.url}/console/`);
  await page.getByRole('textbox', { name: 'Email' }).fill(email);
  await page.getByRole('textbox', { name: 'Password' }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('list', { name: 'Conversations' }).waitFor();
  return page;
}

/** The usual start of a visitor spec: a running server, and a shop page on another origin embedding its site's widget. */
export async function startShop(): Promise<{ parley: ParleyProcess; host: HostSite; site: { key: string; secret: string } }> {
  const parley = await ParleyProcess.create();
  await parley.start();
  let siteKey = '';
  const host = await HostSite.start((path) => (path === '/' ? shopPage(parley, siteKey) : null));
  const site = await parley.addSite('Shop', host.origin);
  siteKey = site.key;
  return { parley, host, site };
}

/** Types into the open widget's message box and sends. */
export async function visitorSends(page: Page, text: string): Promise<void> {
  const chat = page.getByRole('dialog', { name: 'Chat' });
  await chat.getByRole('textbox', { name: 'Message' }).fill(text);
  await chat.getByRole('button', { name: 'Send' }).click();
}
