/** Routes WebSocket upgrades to the visitor or agent handler, refusing foreign pages before upgrading, and drops connections that stop answering pings. */
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { CLOSE, MAX_FRAME_BYTES, SITE_PARAM } from '@parley/protocol';
import { type WebSocket, WebSocketServer } from 'ws';
import type { Core } from '../../core/index.ts';
import { isOwnOrigin } from '../http/own-origin.ts';
import { admitVisitor } from '../visitor-admission.ts';
import { agentFromCookieHeader } from '../http/session.ts';
import { agentSession } from './agent-session.ts';
import { visitorSession } from './visitor-session.ts';

/** The origin the request reached us at, as its browser would write it. */
function reachedAs(req: IncomingMessage): string {
  return `${'encrypted' in req.socket && req.socket.encrypted ? 'https' : 'http'}://${req.headers.host ?? ''}`;
}

/** Answers an upgrade with a plain HTTP refusal: the page's script never gets a socket to talk on. */
function refuse(socket: Duplex, status: 403 | 404, code: string, message: string) {
  const body = JSON.stringify({ error: { code, message } });
  const reason = status === 403 ? 'Forbidden' : 'Not Found';
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
}

const HEARTBEAT_SLICES = 10;

export function attachSockets(server: Server, core: Core, options: { heartbeatMs: number; trustProxy: number; publicUrl: string }) {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES, perMessageDeflate: false });
  const alive = new WeakMap<WebSocket, boolean>();
  /** The slice of the heartbeat period each socket is pinged in, fixed when it connects. */
  const sliceOf = new WeakMap<WebSocket, number>();
  let connected = 0;

  const upgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) =>
    new Promise<WebSocket>((resolve) => wss.handleUpgrade(req, socket, head, resolve));

  const track = (ws: WebSocket) => {
    alive.set(ws, true);
    sliceOf.set(ws, connected++ % HEARTBEAT_SLICES);
    ws.on('pong', () => alive.set(ws, true));
    ws.on('error', () => ws.terminate());
  };

  server.on('upgrade', async function onUpgrade(req, socket, head) {
    const url = new URL(req.url ?? '/', 'http://x');
    try {
      if (url.pathname === '/ws/visitor') {
        // Checked before the upgrade, so a page the site does not allow never holds a socket.
        const admission = await admitVisitor(core, url.searchParams.get(SITE_PARAM), req.headers.origin);
        if (!admission.ok) return refuse(socket, admission.status, admission.code, admission.message);
        const ws = await upgrade(req, socket, head);
        track(ws);
        visitorSession(ws, req, core, options.trustProxy, admission.site.key);
      } else if (url.pathname === '/ws/agent') {
        // The console is same-origin only: a page elsewhere must not ride an agent's cookie
        // (cross-site WebSocket hijacking). Scheme, host and port all count.
        if (!isOwnOrigin(req.headers.origin, options.publicUrl, reachedAs(req))) {
          return refuse(socket, 403, 'forbidden', 'The console socket opens only from the console.');
        }
        const session = await agentFromCookieHeader(core, req.headers.cookie);
        const ws = await upgrade(req, socket, head);
        track(ws);
        if (!session) return ws.close(CLOSE.unauthorized, 'Sign in first.');
        agentSession(ws, session, core);
      } else {
        refuse(socket, 404, 'not_found', `No socket at ${url.pathname}.`);
      }
    } catch (error) {
      console.error(error);
      socket.destroy();
    }
  });

  // Each socket is pinged once a period, a slice at a time: 10,000 pings in one turn of the
  // event loop would hold every message behind them.
  let slice = 0;
  const heartbeat = setInterval(() => {
    slice = (slice + 1) % HEARTBEAT_SLICES;
    for (const ws of wss.clients) {
      if (sliceOf.get(ws) !== slice) continue;
      if (!alive.get(ws)) {
        ws.terminate();
        continue;
      }
      alive.set(ws, false);
      ws.ping();
    }
  }, options.heartbeatMs / HEARTBEAT_SLICES);
  heartbeat.unref();

  return {
    /**
     * Asks every socket to reconnect: notices published while the bus was away never came, and a
     * client that reconnects resumes from the last seq it holds. A quick return is no visitor leaving.
     */
    resync() {
      for (const ws of wss.clients) ws.close(CLOSE.resync, 'Reconnect to catch up.');
    },
    /** Resolves once every socket has closed, so their close handlers have queued their last work. */
    async close() {
      clearInterval(heartbeat);
      const closed = [...wss.clients].map((ws) => new Promise((resolve) => ws.once('close', resolve)));
      for (const ws of wss.clients) ws.terminate();
      wss.close();
      await Promise.all(closed);
    },
  };
}
