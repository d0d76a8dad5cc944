/** How a transcript event reads, the same words in the console and the widget. */
import type { TranscriptEvent } from './constants.ts';

/** `name`: the agent's; null when the agent no longer exists. */
export function eventLine(event: TranscriptEvent, name: string | null): string {
  const who = name ?? 'An agent';
  return event === 'closed' ? `Conversation closed by ${who}` : `${who} ${event}`;
}
