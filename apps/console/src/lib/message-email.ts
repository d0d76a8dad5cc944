/** The fallback email state of held messages, as `email` frames change it. */
import type { Message, MessageEmail } from '@parley/protocol';

/** The held messages with `email` as the fallback state of those in `messageIds`; `held` itself when none is held. */
export function withEmail(held: readonly Message[], messageIds: readonly string[], email: MessageEmail): readonly Message[] {
  const ids = new Set(messageIds);
  if (!held.some((m) => ids.has(m.id))) return held;
  return held.map((m) => (ids.has(m.id) ? { ...m, email } : m));
}
