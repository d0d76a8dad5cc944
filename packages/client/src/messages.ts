/** A conversation's messages as a client holds them: ordered by seq, each seq once, and where to resume after a gap. */
import type { Message } from '@parley/protocol';

/**
 * Merges incoming messages into the held ones. The result is sorted by seq with no duplicates;
 * a message already held keeps its object, and nothing new returns `held` itself, so a signal
 * set to the result does not notify for frames that change nothing.
 */
export function mergeMessages(held: readonly Message[], incoming: readonly Message[]): readonly Message[] {
  const bySeq = new Map<number, Message>();
  for (const message of incoming) bySeq.set(message.seq, message);
  for (const message of held) bySeq.delete(message.seq);
  if (bySeq.size === 0) return held;
  const last = held[held.length - 1];
  const added = [...bySeq.values()].sort((a, b) => a.seq - b.seq);
  if (!last || added[0]!.seq > last.seq) return [...held, ...added];
  return [...held, ...added].sort((a, b) => a.seq - b.seq);
}

/**
 * The seq to resume from: the end of the unbroken run that starts at the first held message.
 * Asking for everything after it fills any gap a dropped frame left, and the merge drops what
 * is already held.
 */
export function resumeSeq(held: readonly Message[]): number {
  let seq = held[0]?.seq ?? 0;
  for (const message of held) {
    if (message.seq > seq + 1) break;
    seq = message.seq;
  }
  return seq;
}
