/** A coarse "now" so relative times in the list age without a frame arriving. */
import { signal } from '@preact/signals';

export const now = signal(Date.now());

setInterval(() => {
  now.value = Date.now();
}, 30_000);
