/** Turns keystrokes into few typing frames: `on` at once and again every TYPING_REFRESH_MS while typing, `off` after a pause. */
import { TYPING_IDLE_MS, TYPING_REFRESH_MS } from '@parley/protocol';

export interface TypingThrottle {
  /** Call on every keystroke. */
  input(): void;
  /** Call when the draft is sent or left: says `off` if `on` was said. */
  stop(): void;
}

/** `send` returns whether the frame went out: an `on` that could not be sent is tried again at the next key. */
export function typingThrottle(send: (on: boolean) => boolean): TypingThrottle {
  let on = false;
  let sentAt = 0;
  let pause: ReturnType<typeof setTimeout> | undefined;

  function stop(): void {
    clearTimeout(pause);
    if (!on) return;
    on = false;
    send(false);
  }

  return {
    input() {
      const at = Date.now();
      if ((!on || at - sentAt >= TYPING_REFRESH_MS) && send(true)) {
        on = true;
        sentAt = at;
      }
      clearTimeout(pause);
      pause = setTimeout(stop, TYPING_IDLE_MS);
    },
    stop,
  };
}
