/** How a transcript event reads, the same words in the console and the widget. */
import type { TranscriptEvent } from './constants.ts';

/** `name`: the acting agent's, `subject`: the assignee's; null when that agent no longer exists. */
export function eventLine(event: TranscriptEvent, name: string | null, subject: string | null = null): string {
  const who = name ?? 'An agent';
  if (event === 'closed') return `Conversation closed by ${who}`;
  if (event === 'assigned') return `Assigned to ${subject ?? 'an agent'} by ${who}`;
  return `${who} ${event}`;
}
