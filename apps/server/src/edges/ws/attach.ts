/** Routes WebSocket upgrades to the visitor or agent handler and drops connections that stop answering pings. */
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { CLOSE, MAX_FRAME_BYTES } from '@parley/protocol';
import { type WebSocket, WebSocketServer } from 'ws';
import type { Core } from '../../core/index.ts';
import { agentFromCookieHeader } from '../http/session.ts';
import { agentSession } from './agent-session.ts';
import { visitorSession } from './visitor-session.ts';

/** The console is same-origin only: a page elsewhere must not ride an agent's cookie (cross-site WebSocket hijacking). */
function sameOrigin(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (!origin) return false;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

const HEARTBEAT_SLICES = 10;

export function attachSockets(server: Server, core: Core, options: { heartbeatMs: number; trustProxy: number }) {
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
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    try {
      if (path === '/ws/visitor') {
        const ws = await upgrade(req, socket, head);
        track(ws);
        visitorSession(ws, req, core, options.trustProxy);
      } else if (path === '/ws/agent') {
        const agent = sameOrigin(req) ? await agentFromCookieHeader(core, req.headers.cookie) : null;
        const ws = await upgrade(req, socket, head);
        track(ws);
        if (!agent) return ws.close(CLOSE.unauthorized, 'Sign in first.');
        agentSession(ws, agent, core);
      } else {
        socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
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
