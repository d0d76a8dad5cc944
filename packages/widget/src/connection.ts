/** The tab's one WebSocket to the server: says hello on every open, reconnects with backoff, hands frames over. */
import type { VisitorClientFrame, VisitorServerFrame } from '@parley/protocol';
import { guard } from './guard.ts';

const FIRST_RETRY_MS = 500;
const MAX_RETRY_MS = 30_000;

export interface Connection {
  /** False when the socket is not open: callers keep what they could not send. */
  send(frame: VisitorClientFrame): boolean;
  /** Connects now if down, instead of waiting out the backoff. */
  wake(): void;
  /** Closes for good: no more reconnects. */
  stop(): void;
}

export interface ConnectionHandlers {
  /** Built at each open, so it carries the latest `since`, token and page. */
  hello(): VisitorClientFrame;
  frame(frame: VisitorServerFrame): void;
  down(): void;
}

export function connect(url: string, handlers: ConnectionHandlers): Connection {
  let socket: WebSocket | null = null;
  let attempt = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;

  const open = guard(function open() {
    clearTimeout(timer);
    timer = undefined;
    if (stopped || socket) return;
    const ws = new WebSocket(url);
    socket = ws;
    ws.onopen = guard(() => ws.send(JSON.stringify(handlers.hello())));
    ws.onmessage = guard((event: MessageEvent) => {
      const frame = JSON.parse(event.data) as VisitorServerFrame;
      // A welcome proves the server is healthy, not just reachable: only then is the backoff forgiven.
      if (frame.t === 'welcome') attempt = 0;
      handlers.frame(frame);
    });
    ws.onclose = guard(() => {
      if (socket !== ws) return;
      socket = null;
      handlers.down();
      retry();
    });
  });

  // Full jitter: after a server restart, visitors spread out instead of reconnecting in waves.
  function retry() {
    if (stopped || timer) return;
    timer = setTimeout(open, Math.random() * Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** attempt++));
  }

  const wake = guard(() => {
    if (!socket && document.visibilityState === 'visible') open();
  });
  addEventListener('online', wake);
  document.addEventListener('visibilitychange', wake);
  open();

  return {
    send(frame) {
      if (socket?.readyState !== WebSocket.OPEN) return false;
      socket.send(JSON.stringify(frame));
      return true;
    },
    wake,
    stop() {
      stopped = true;
      clearTimeout(timer);
      socket?.close();
      socket = null;
    },
  };
}
