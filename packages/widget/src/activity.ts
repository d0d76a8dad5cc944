/** Tells the server the visitor is really here (focus, scroll, keys, pointer), a frame at most every 20 s: never on a timer alone. */
import { guard } from './guard.ts';

const ACTIVITY_EVERY_MS = 20_000;
const EVENTS = ['focus', 'scroll', 'keydown', 'pointerdown'];

/**
 * Calls `send` at most once per 20 s, leading edge: the first activity after a quiet spell goes at
 * once. A send that returns false (not connected) does not count, so the next activity tries again.
 */
export function watchActivity(send: () => boolean): void {
  let last = -Infinity;
  // A hidden page can still scroll (scripts) or get events: only a visible one is a visitor being there.
  const onActivity = guard(() => {
    const at = Date.now();
    if (document.visibilityState === 'visible' && at - last >= ACTIVITY_EVERY_MS && send()) last = at;
  });
  // Capture: element scrolls and focus do not bubble. Keys typed in the widget reach here too (composed events).
  for (const name of EVENTS) addEventListener(name, onActivity, { capture: true, passive: true });
  document.addEventListener('visibilitychange', onActivity, { passive: true });
}
