/**
 * Turns a flood of values per key into at most one delivery per window: the first value goes at
 * once, the last one that arrived during the window goes at its end, everything between is
 * dropped. Held values live in this process: a crash loses at most one window's last value.
 */
export interface Coalescer<T> {
  /** Resolves when this value was delivered, or at once when it is held for the window's end. */
  push(key: string, value: T): Promise<void>;
  /** Delivers every held value now and forgets all windows: a clean stop loses nothing. */
  flush(): void;
}

export interface CoalesceOptions<T> {
  windowMs: number;
  deliver(key: string, value: T): Promise<void>;
  /** Whether the value held at a window's end still says something after `delivered`; default: always. */
  news?(delivered: T, held: T): boolean;
  /** Keeps a delivery made at a window's end until the core stops, and reports its failure. */
  track(delivery: Promise<void>): void;
}

interface Window<T> {
  timer: ReturnType<typeof setTimeout>;
  delivered: T;
  held?: { value: T };
}

export function coalescer<T>({ windowMs, deliver, news = () => true, track }: CoalesceOptions<T>): Coalescer<T> {
  const windows = new Map<string, Window<T>>();

  const start = (key: string, value: T) => {
    const timer = setTimeout(() => end(key), windowMs);
    // A held typing or page update is not worth keeping the process alive for.
    timer.unref?.();
    windows.set(key, { timer, delivered: value });
    return deliver(key, value);
  };

  function end(key: string) {
    const window = windows.get(key);
    windows.delete(key);
    if (window?.held && news(window.delivered, window.held.value)) track(start(key, window.held.value));
  }

  return {
    push(key, value) {
      const window = windows.get(key);
      if (!window) return start(key, value);
      window.held = { value };
      return Promise.resolve();
    },
    flush() {
      for (const [key, window] of [...windows]) {
        clearTimeout(window.timer);
        windows.delete(key);
        if (window.held && news(window.delivered, window.held.value)) track(deliver(key, window.held.value));
      }
    },
  };
}
