/** Turns keystrokes into few typing frames: `on` at most every REFRESH_MS while typing, `off` after a pause. */
import { TYPING_TIMEOUT_MS } from '@parley/protocol';

/** Well inside the receiver's timeout, so the indicator does not blink off mid-sentence. */
const REFRESH_MS = TYPING_TIMEOUT_MS / 2;
const PAUSE_MS = 3000;

export interface TypingThrottle {
  /** Call on every keystroke. */
  input(): void;
  /** Call when the draft is sent or left: says `off` if `on` was said. */
  stop(): void;
}

export function typingThrottle(send: (on: boolean) => void, now: () => number = Date.now): TypingThrottle {
  let on = false;
  let sentAt = 0;
  let pause: ReturnType<typeof setTimeout> | undefined;

  function stop(): void {
    clearTimeout(pause);
    pause = undefined;
    if (!on) return;
    on = false;
    send(false);
  }

  function input(): void {
    const at = now();
    if (!on || at - sentAt >= REFRESH_MS) {
      on = true;
      sentAt = at;
      send(true);
    }
    clearTimeout(pause);
    pause = setTimeout(stop, PAUSE_MS);
  }

  return { input, stop };
}
