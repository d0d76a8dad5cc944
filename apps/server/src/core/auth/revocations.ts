/**
 * Ends live sockets whose session ended: signed out, agent disabled, password or role changed.
 * Every such change writes a new revocation epoch in the same transaction; each node polls the
 * epoch (the CLI and other nodes share no bus with it), and hears its own changes at once. On a
 * new epoch each agent socket re-checks the session it was opened with.
 */
import { nanoid } from 'nanoid';
import type { StoreTx } from '../../ports/store.ts';
import type { Context } from '../context.ts';

const EPOCH_KEY = 'auth.revocation_epoch';

/** How often a node looks for revocations made elsewhere: well inside the 5 s promised. */
const POLL_MS = 1_000;

export type Revocations = ReturnType<typeof createRevocations>;

export function createRevocations({ store }: Pick<Context, 'store'>) {
  const listeners = new Set<() => void>();
  let seen: string | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;

  const notify = () => {
    for (const listener of listeners) listener();
  };

  const poll = async () => {
    const epoch = await store.meta.get(EPOCH_KEY);
    if (epoch === seen) return;
    seen = epoch;
    notify();
  };
  // The next poll is booked when one ends: a slow store never has two in flight.
  const schedule = () => {
    timer = setTimeout(async () => {
      await poll().catch((error: unknown) => console.error(error));
      if (timer) schedule();
    }, POLL_MS);
    timer.unref();
  };

  return {
    /** Inside the transaction that ends sessions; call `notify` once it committed. */
    mark: (tx: StoreTx) => tx.meta.set(EPOCH_KEY, nanoid()),

    /** This node's sockets re-check now, without waiting for the poll. */
    notify,

    /** `listener` runs after every revocation anywhere; the returned function stops it. */
    listen(listener: () => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    async start() {
      seen = await store.meta.get(EPOCH_KEY);
      schedule();
    },

    stop() {
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}
