/** Reconnect delays: exponential and capped, with full jitter so clients spread out after a server restart. */
const FIRST_MS = 500;
const MAX_MS = 30_000;

/** Delay before reconnect attempt `attempt` (0 for the first): anywhere from 0 to the capped exponential. */
export function reconnectDelay(attempt: number, random: () => number = Math.random): number {
  return random() * Math.min(MAX_MS, FIRST_MS * 2 ** attempt);
}
