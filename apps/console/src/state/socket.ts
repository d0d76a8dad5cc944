/**
 * The agent's WebSocket: one connection at a time, reconnected with backoff and jitter until
 * disconnectSocket() or a handler says stop. It knows frames only as JSON; sync.ts gives them meaning.
 */
import { signal } from '@preact/signals';
import type { AgentClientFrame, AgentServerFrame } from '@parley/protocol';
import { reconnectDelay } from '../lib/backoff.ts';

export type ConnectionState = 'idle' | 'connecting' | 'open' | 'waiting';

export const connection = signal<ConnectionState>('idle');

export interface SocketHandlers {
  onFrame(frame: AgentServerFrame): void;
  /** Called on every close; return false to stop reconnecting. `opened`: the connection got as far as open. */
  onClose(code: number, opened: boolean): boolean;
}

let socket: WebSocket | null = null;
let handlers: SocketHandlers | null = null;
let attempt = 0;
let retryTimer: ReturnType<typeof setTimeout> | undefined;

function url(): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws/agent`;
}

function open(): void {
  clearTimeout(retryTimer);
  connection.value = 'connecting';
  const ws = new WebSocket(url());
  let opened = false;
  socket = ws;
  ws.onopen = () => {
    opened = true;
    attempt = 0;
    connection.value = 'open';
  };
  ws.onmessage = (event) => {
    if (typeof event.data !== 'string') return;
    let frame: AgentServerFrame;
    try {
      frame = JSON.parse(event.data) as AgentServerFrame;
    } catch {
      return;
    }
    handlers?.onFrame(frame);
  };
  ws.onclose = (event) => {
    if (socket !== ws) return;
    socket = null;
    if (!handlers?.onClose(event.code, opened)) {
      connection.value = 'idle';
      return;
    }
    connection.value = 'waiting';
    retryTimer = setTimeout(open, reconnectDelay(attempt++));
  };
}

/** A network coming back is a better signal than any timer. */
function retryNow(): void {
  if (connection.value === 'waiting') open();
}

export function connectSocket(next: SocketHandlers): void {
  disconnectSocket();
  handlers = next;
  attempt = 0;
  addEventListener('online', retryNow);
  open();
}

export function disconnectSocket(): void {
  removeEventListener('online', retryNow);
  clearTimeout(retryTimer);
  handlers = null;
  const ws = socket;
  socket = null;
  ws?.close(1000);
  connection.value = 'idle';
}

/** Sends when connected; false when not (callers keep what must survive and re-send on reconnect). */
export function sendFrame(frame: AgentClientFrame): boolean {
  if (!socket || socket.readyState !== WebSocket.OPEN) return false;
  socket.send(JSON.stringify(frame));
  return true;
}
