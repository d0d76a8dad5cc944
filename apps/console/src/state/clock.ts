/** Clocks for times that age on screen without a frame arriving. */
import { signal } from '@preact/signals';

/** Coarse: relative times in the list and "Last active". */
export const now = signal(Date.now());

setInterval(() => {
  now.value = Date.now();
}, 30_000);

let ticking: ReturnType<typeof setInterval> | undefined;

function tick(): void {
  secondNow.value = Date.now();
}

/** Every second, for counters that tick (time on site); it runs only while something reads it. */
export const secondNow = signal(Date.now(), {
  watched() {
    // Not set synchronously: this runs while a reader subscribes, and writing then would re-run it.
    setTimeout(tick);
    ticking = setInterval(tick, 1000);
  },
  unwatched() {
    clearInterval(ticking);
  },
});
