/**
 * The agent's WebSocket, @parley/client's reconnecting socket: one at a time, until
 * disconnectSocket() or a handler says stop. sync.ts gives the frames their meaning.
 */
import { signal } from '@preact/signals';
import { connectSocket as connect, type Socket, type SocketState } from '@parley/client';
import type { AgentClientFrame, AgentServerFrame } from '@parley/protocol';

export const connection = signal<SocketState>('idle');

export interface SocketHandlers {
  onFrame(frame: AgentServerFrame): void;
  /** Called on every close; return false to stop reconnecting. `opened`: the connection got as far as open. */
  onClose(code: number, opened: boolean): boolean;
  /** Sends not acknowledged yet: re-sent once the full list arrived, after every (re)connection. */
  unacked(): AgentClientFrame[];
}

let socket: Socket<AgentClientFrame> | null = null;

/** A network coming back is a better signal than any timer. */
function wake(): void {
  socket?.wake();
}

export function connectSocket(handlers: SocketHandlers): void {
  disconnectSocket();
  socket = connect({
    url: `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws/agent`,
    // The full list completes a (re)connection: the state is live from there.
    isWelcome: (frame) => frame.t === 'conversations',
    unacked: handlers.unacked,
    frame: handlers.onFrame,
    closed: handlers.onClose,
    state: (state) => (connection.value = state),
  });
  addEventListener('online', wake);
}

export function disconnectSocket(): void {
  removeEventListener('online', wake);
  socket?.stop();
  socket = null;
}

/** Sends when connected; false when not (callers keep what must survive and re-send on reconnect). */
export function sendFrame(frame: AgentClientFrame): boolean {
  return socket?.send(frame) ?? false;
}
