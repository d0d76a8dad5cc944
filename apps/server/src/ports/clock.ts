/** What time it is: the core asks this port, never Date.now(), so tests can move time by hand. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}
