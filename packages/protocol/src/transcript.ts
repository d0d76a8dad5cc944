/** How a transcript event reads in English: the console's words for every event, in one place (the widget has its own, per language). */
import type { TranscriptEvent } from './constants.ts';

/** The customer details a 'details' event names. */
export const DETAIL_FIELDS = ['name', 'email', 'phone'] as const;
export type DetailField = (typeof DETAIL_FIELDS)[number];

/**
 * What an event carries beyond its kind and agent, one shape per kind, stored as one JSON value
 * (messages.params): later events add their kind here instead of a column each.
 */
export interface EventParamsOf {
  /** A contact detail changed; no agent: the visitor gave it (identify, the offline form). null: cleared. */
  details: { field: DetailField; value: string | null };
  /** An agent linked the visitor to a customer (the same person on another device). */
  linked: { visitorName: string; customerName: string };
  /** Sent to a visitor who wrote while no agent could answer: the site owner's words, or null for the widget's own (in the visitor's language). */
  autoReply: { text: string | null };
}
export type EventParams = EventParamsOf[keyof EventParamsOf];

/** The console's English for the widget's default auto-reply (the widget says it in the visitor's language). */
const DEFAULT_AUTO_REPLY = "Thanks for your message! We're away right now.";

const FIELD_WORDS: Record<DetailField, string> = { name: 'name', email: 'email', phone: 'phone number' };

/** `name`: the acting agent's, `subject`: the assignee's; null when that agent no longer exists (or, for details, the visitor acted). */
export function eventLine(event: TranscriptEvent, name: string | null, subject: string | null = null, params: EventParams | null = null): string {
  const who = name ?? 'An agent';
  if (event === 'closed') return `Conversation closed by ${who}`;
  if (event === 'assigned') return `Assigned to ${subject ?? 'an agent'} by ${who}`;
  if (event === 'details' && params && 'field' in params) {
    const field = FIELD_WORDS[params.field];
    if (name === null) return params.value === null ? `The visitor cleared their ${field}` : `The visitor gave their ${field} ${params.value}`;
    return params.value === null ? `${name} cleared the ${field}` : `${name} changed the ${field} to ${params.value}`;
  }
  if (event === 'autoReply') return `Auto-reply: ${(params && 'text' in params && params.text) || DEFAULT_AUTO_REPLY}`;
  if (event === 'linked' && params && 'customerName' in params) return `${who} linked ${params.visitorName} to the customer ${params.customerName}`;
  return `${who} ${event}`;
}
