/** Reconnect delays: exponential, capped, with jitter so agents do not reconnect in lockstep. */
const FIRST_MS = 500;
const MAX_MS = 30_000;

/** Delay before reconnect attempt `attempt` (0 for the first): between half and all of the capped exponential. */
export function reconnectDelay(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(MAX_MS, FIRST_MS * 2 ** attempt);
  return ceiling / 2 + random() * (ceiling / 2);
}
