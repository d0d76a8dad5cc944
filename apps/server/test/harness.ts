/** A real server on a temporary SQLite file and real WebSocket clients, for tests. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SITE_PARAM } from '@parley/protocol';
import WebSocket, { type ClientOptions } from 'ws';
import { type Config, readConfig } from '../src/config.ts';
import { type Running, startServer } from '../src/server.ts';

export interface TestServer extends Running {
  url: string;
  dataDir: string;
  /** Stops the server and removes its data dir. */
  destroy(): Promise<void>;
}

/** `env` adds to or overrides the test environment, e.g. `{ PARLEY_INBOUND_SMTP_PORT: '0' }`; `ports`, adapters, e.g. a manual clock. */
export async function startTestServer(
  dataDir = mkdtempSync(join(tmpdir(), 'parley-test-')),
  env: Record<string, string> = {},
  overrides: Partial<Config> = {},
  ports: Parameters<typeof startServer>[1] = {},
): Promise<TestServer> {
  const config = readConfig({ PORT: '0', HOST: '127.0.0.1', PARLEY_DATA_DIR: dataDir, PARLEY_PUBLIC_URL: 'http://localhost:3999', ...env });
  const running = await startServer({ ...config, ...overrides }, ports);
  return {
    ...running,
    url: `http://127.0.0.1:${running.port}`,
    dataDir,
    async destroy() {
      await running.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A socket that keeps every frame it received, so a test can wait for the one it expects. */
export class TestSocket {
  readonly frames: any[] = [];
  private waiters: Array<() => void> = [];
  closed: { code: number; reason: string } | null = null;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      this.frames.push(JSON.parse(data.toString()));
      this.wake();
    });
    ws.on('close', (code, reason) => {
      this.closed = { code, reason: reason.toString() };
      this.wake();
    });
  }

  /** `options.localAddress` (e.g. 127.0.0.2) makes the socket come from another address. */
  static async open(url: string, headers: Record<string, string>, options: ClientOptions = {}): Promise<TestSocket> {
    const ws = new WebSocket(url, { ...options, headers });
    const socket = new TestSocket(ws);
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    return socket;
  }

  private wake() {
    for (const waiter of this.waiters.splice(0)) waiter();
  }

  send(frame: unknown) {
    this.ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  /** Resolves with the first frame (from `from` on) matching `match`, consuming nothing. */
  async next(match: (frame: any) => boolean, timeoutMs = 3000): Promise<any> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.frames.find(match);
      if (found) return found;
      if (this.closed) throw new Error(`socket closed (${this.closed.code} ${this.closed.reason}) before the frame came; got ${JSON.stringify(this.frames)}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no matching frame in ${timeoutMs} ms; got ${JSON.stringify(this.frames)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  async waitClosed(timeoutMs = 3000) {
    await this.next(() => false, timeoutMs).catch(() => undefined);
    return this.closed;
  }

  close() {
    this.ws.close();
  }
}

/** A visitor socket opened for `siteKey` (as the widget does) by a page on `origin`. */
export async function visitorSocket(server: TestServer, siteKey: string, origin: string, options: ClientOptions = {}) {
  return TestSocket.open(`${server.url.replace('http', 'ws')}/ws/visitor?${SITE_PARAM}=${encodeURIComponent(siteKey)}`, { origin }, options);
}

/** A visitor that has said hello and got its welcome. */
export async function helloVisitor(server: TestServer, site: { key: string; origins: string[] }, extra: Record<string, unknown> = {}) {
  const socket = await visitorSocket(server, site.key, site.origins[0]!);
  socket.send({ t: 'hello', site: site.key, ...extra });
  const welcome = await socket.next((f) => f.t === 'welcome' || f.t === 'error');
  return { socket, welcome };
}

/** A state-changing JSON request as the console sends it: from the server's own origin. */
export function postJson(server: TestServer, path: string, body?: unknown, headers: Record<string, string> = {}) {
  return fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { origin: server.url, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** Signs an agent in over HTTP and returns its session cookie. */
export async function signIn(server: TestServer, email: string, password: string): Promise<string> {
  const res = await postJson(server, '/api/login', { email, password });
  if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
  return res.headers.get('set-cookie')!.split(';')[0]!;
}

export async function agentSocket(server: TestServer, cookie: string) {
  const host = new URL(server.url).host;
  return TestSocket.open(`${server.url.replace('http', 'ws')}/ws/agent`, { cookie, origin: `http://${host}` });
}
