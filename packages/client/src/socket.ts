/**
 * A client's one WebSocket to the server: says hello on every open, reconnects with backoff until
 * stopped, and after every welcome re-sends what is still unacknowledged. Frames are JSON both ways.
 */
import { reconnectDelay } from './backoff.ts';

export type SocketState = 'connecting' | 'open' | 'waiting' | 'idle';

/** The part of the browser's WebSocket used here, so tests can pass a fake. */
export interface WebSocketLike {
  readonly readyState: number;
  onopen: (() => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number }) => void) | null;
  send(data: string): void;
  close(code?: number): void;
}

export interface SocketOptions<Out, In> {
  url: string;
  /** Built at each open, so it carries the latest state (since, token, page); sent before anything else. */
  hello?(): Out;
  /**
   * Whether the frame completes a (re)connection. Only that proves the server healthy, not just
   * reachable: then the backoff is forgiven, and `unacked` is re-sent once the frame is handled.
   */
  isWelcome(frame: In): boolean;
  /** Sends not acknowledged yet: re-sent after every welcome, which is safe because the server keeps one per client id. */
  unacked(): readonly Out[];
  frame(frame: In): void;
  /** On every close but stop(); false stops reconnecting. `opened`: the socket got as far as open. */
  closed?(code: number, opened: boolean): boolean | void;
  state?(state: SocketState): void;
  /** Wraps every callback the browser calls: the widget's guard keeps its errors out of the host page. */
  guard?<A extends unknown[]>(fn: (...args: A) => void): (...args: A) => void;
  WebSocket?: new (url: string) => WebSocketLike;
  setTimeout?(fn: () => void, ms: number): unknown;
  clearTimeout?(timer: unknown): void;
  random?(): number;
}

export interface Socket<Out> {
  /** False when the socket is not open: callers keep what they could not send. */
  send(frame: Out): boolean;
  /** Connects now if down, instead of waiting out the backoff (the network is back, the user is waiting). */
  wake(): void;
  /** Closes for good: no more reconnects. */
  stop(): void;
}

const OPEN = 1;

export function connectSocket<Out, In>(options: SocketOptions<Out, In>): Socket<Out> {
  const {
    guard = (fn) => fn,
    WebSocket: Connection = WebSocket as unknown as new (url: string) => WebSocketLike,
    setTimeout: later = setTimeout,
    clearTimeout: cancel = clearTimeout as (timer: unknown) => void,
  } = options;
  let ws: WebSocketLike | null = null;
  let attempt = 0;
  let timer: unknown;
  let stopped = false;

  const open = guard(function open() {
    cancel(timer);
    timer = undefined;
    if (stopped || ws) return;
    options.state?.('connecting');
    const socket = (ws = new Connection(options.url));
    let opened = false;
    socket.onopen = guard(() => {
      opened = true;
      options.state?.('open');
      if (options.hello) send(options.hello());
    });
    socket.onmessage = guard(({ data }) => {
      let frame: In;
      try {
        frame = JSON.parse(data as string) as In;
      } catch {
        return;
      }
      options.frame(frame);
      if (!options.isWelcome(frame)) return;
      attempt = 0;
      for (const command of options.unacked()) send(command);
    });
    socket.onclose = guard(({ code }) => {
      if (ws !== socket) return;
      ws = null;
      stopped = options.closed?.(code, opened) === false;
      if (stopped) return options.state?.('idle');
      options.state?.('waiting');
      timer = later(open, reconnectDelay(attempt++, options.random));
    });
  });

  function send(frame: Out): boolean {
    if (ws?.readyState !== OPEN) return false;
    ws.send(JSON.stringify(frame));
    return true;
  }

  open();
  return {
    send,
    wake: open,
    stop() {
      stopped = true;
      cancel(timer);
      const socket = ws;
      ws = null;
      socket?.close(1000);
      options.state?.('idle');
    },
  };
}
