import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { reconnectDelay } from '../src/backoff.ts';
import { connectSocket, type SocketOptions, type SocketState } from '../src/socket.ts';
import { FakeSocket } from './fakes.ts';

type Out = { t: 'hello'; since: number } | { t: 'send'; clientId: string };
type In = { t: 'welcome' } | { t: 'ack'; clientId: string };

describe('reconnectDelay', () => {
  it('is full jitter: anywhere from 0 to the exponential, which doubles from half a second', () => {
    expect(reconnectDelay(0, () => 0)).toBe(0);
    expect(reconnectDelay(0, () => 1)).toBe(500);
    expect(reconnectDelay(3, () => 0.5)).toBe(2000);
  });

  it('stays within the cap of 30 seconds however many attempts failed', () => {
    for (const attempt of [6, 7, 20, 1000]) {
      expect(reconnectDelay(attempt, () => 1)).toBe(30_000);
      expect(reconnectDelay(attempt, () => 0)).toBe(0);
    }
    for (let attempt = 0; attempt < 40; attempt++) {
      const delay = reconnectDelay(attempt);
      expect(delay).toBeGreaterThanOrEqual(0);
      expect(delay).toBeLessThanOrEqual(Math.min(30_000, 500 * 2 ** attempt));
    }
  });
});

describe('connectSocket', () => {
  let unacked: Out[];
  let frames: In[];
  let states: SocketState[];
  let since: number;

  beforeEach(() => {
    vi.useFakeTimers();
    FakeSocket.all = [];
    unacked = [];
    frames = [];
    states = [];
    since = 0;
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  function connect(fields: Partial<SocketOptions<Out, In>> = {}) {
    return connectSocket<Out, In>({
      url: 'ws://server/ws/visitor',
      hello: () => ({ t: 'hello', since }),
      isWelcome: (frame) => frame.t === 'welcome',
      unacked: () => unacked,
      frame: (frame) => frames.push(frame),
      state: (state) => states.push(state),
      WebSocket: FakeSocket,
      random: () => 1,
      ...fields,
    });
  }
  const latest = () => FakeSocket.all.at(-1)!;

  it('says hello on open, built then, and hands frames over', () => {
    connect();
    since = 4;
    latest().accept();
    latest().receive({ t: 'ack', clientId: 'a' });
    expect(latest().sent).toEqual([{ t: 'hello', since: 4 }]);
    expect(frames).toEqual([{ t: 'ack', clientId: 'a' }]);
    expect(states).toEqual(['connecting', 'open']);
  });

  it('sends only while open, so callers keep what did not go', () => {
    const socket = connect();
    expect(socket.send({ t: 'send', clientId: 'a' })).toBe(false);
    latest().accept();
    expect(socket.send({ t: 'send', clientId: 'a' })).toBe(true);
  });

  it('re-sends what is unacknowledged after every welcome, after handling it', () => {
    connect({ frame: (frame) => frames.push(frame) && unacked.push({ t: 'send', clientId: `after-${frames.length}` }) });
    unacked = [{ t: 'send', clientId: 'a' }];
    for (let round = 0; round < 2; round++) {
      latest().accept();
      latest().receive({ t: 'welcome' });
      latest().drop();
      vi.runOnlyPendingTimers();
    }
    const [first, second] = FakeSocket.all;
    expect(first!.sent.slice(1)).toEqual([{ t: 'send', clientId: 'a' }, { t: 'send', clientId: 'after-1' }]);
    expect(second!.sent.slice(1)).toEqual([
      { t: 'send', clientId: 'a' },
      { t: 'send', clientId: 'after-1' },
      { t: 'send', clientId: 'after-2' },
    ]);
  });

  it('reconnects on close with a growing delay, forgiven only by a welcome', () => {
    connect();
    const waits: number[] = [];
    for (let drop = 0; drop < 4; drop++) {
      latest().accept(); // open is not enough: a server that closes at once must not be hammered
      latest().drop();
      const before = FakeSocket.all.length;
      const started = Date.now();
      while (FakeSocket.all.length === before) vi.advanceTimersByTime(10);
      waits.push(Date.now() - started);
    }
    expect(waits).toEqual([500, 1000, 2000, 4000]);
    latest().accept();
    latest().receive({ t: 'welcome' });
    latest().drop();
    vi.advanceTimersByTime(499);
    expect(FakeSocket.all).toHaveLength(5);
    vi.advanceTimersByTime(1);
    expect(FakeSocket.all).toHaveLength(6);
  });

  it('wakes at once instead of waiting out the backoff', () => {
    const socket = connect();
    latest().drop();
    expect(states.at(-1)).toBe('waiting');
    socket.wake();
    socket.wake();
    expect(FakeSocket.all).toHaveLength(2);
    vi.advanceTimersByTime(60_000);
    expect(FakeSocket.all).toHaveLength(2);
  });

  it('stops when the close handler says so, and for good on stop()', () => {
    const closed = vi.fn((code: number) => code !== 4401);
    const socket = connect({ closed });
    latest().drop(4401);
    expect(closed).toHaveBeenCalledWith(4401, false);
    vi.advanceTimersByTime(60_000);
    socket.wake();
    expect(FakeSocket.all).toHaveLength(1);
    expect(states.at(-1)).toBe('idle');

    const other = connect({ closed });
    latest().accept();
    other.stop();
    expect(latest().readyState).toBe(3);
    latest().drop(1000); // the browser's close event, after stop()
    vi.advanceTimersByTime(60_000);
    other.wake();
    expect(FakeSocket.all).toHaveLength(2);
    expect(closed).toHaveBeenCalledTimes(1);
  });

  it('ignores frames that are not JSON', () => {
    connect();
    latest().accept();
    latest().onmessage?.({ data: 'not json' });
    expect(frames).toEqual([]);
  });
});
