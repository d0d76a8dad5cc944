/**
 * Customers: a primary visitor with the visitors agents linked to it (the same person on other
 * devices), their contact details, conversations and communications log, over `/api/customers`.
 */
import * as v from 'valibot';
import type { ConversationStatus } from './constants.ts';
import { MAX_EMAIL_LENGTH, MAX_NAME_LENGTH, MAX_PHONE_LENGTH } from './limits.ts';
import type { VisitorProfile } from './model.ts';
import { cleanString } from './text.ts';

/** Contact outside the chat that an agent writes down on the customer's page. */
export const LOG_KINDS = ['call', 'email', 'meeting', 'note'] as const;
export type LogKind = (typeof LOG_KINDS)[number];
export const LOG_KIND_LABELS: Record<LogKind, string> = { call: 'Phone call', email: 'Email', meeting: 'Meeting', note: 'Note' };

export const MAX_LOG_TEXT_LENGTH = 4000;
export const MAX_CUSTOMER_QUERY_LENGTH = 200;
/** Customers a page of the list holds. */
export const CUSTOMER_PAGE_SIZE = 50;

const line = cleanString();
const id = v.pipe(line, v.minLength(1), v.maxLength(64));
/** Empty clears the field. */
const contact = (max: number) => v.optional(v.pipe(line, v.trim(), v.maxLength(max)));

/** `PATCH /api/customers/:id`: the primary visitor's details, as the socket's `visitor` frame edits them; at least one field. */
export const customerDetailsBody = v.pipe(
  v.object({
    name: contact(MAX_NAME_LENGTH),
    email: v.optional(v.union([v.literal(''), v.pipe(line, v.trim(), v.maxLength(MAX_EMAIL_LENGTH), v.email('That email address does not look right.'))])),
    phone: contact(MAX_PHONE_LENGTH),
  }),
  v.check((body) => body.name !== undefined || body.email !== undefined || body.phone !== undefined, 'Change at least one of name, email, phone.'),
);
export type CustomerDetails = v.InferInput<typeof customerDetailsBody>;

/** `POST /api/customers/:id/log`. */
export const logEntryBody = v.object({
  kind: v.picklist(LOG_KINDS, `A log entry's kind is one of ${LOG_KINDS.join(', ')}.`),
  /** How long it took, when it matters (a call). */
  minutes: v.optional(v.nullable(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(24 * 60))), null),
  text: v.pipe(cleanString({ multiline: true }), v.trim(), v.minLength(1, 'Write what happened.'), v.maxLength(MAX_LOG_TEXT_LENGTH)),
});
export type LogEntryInput = v.InferInput<typeof logEntryBody>;

/** `POST /api/customers/:id/link`: this visitor is the customer :id on another device. */
export const linkBody = v.object({ visitorId: id });

/** `GET /api/customers?q=&after=`: `after` is the previous page's `next`. */
export const customerSearchQuery = v.object({
  q: v.optional(v.pipe(line, v.trim(), v.maxLength(MAX_CUSTOMER_QUERY_LENGTH)), ''),
  after: v.optional(v.pipe(line, v.maxLength(200))),
});

export interface LogEntry {
  id: string;
  customerId: string;
  kind: LogKind;
  minutes: number | null;
  text: string;
  /** Who wrote it; null once that agent no longer exists. */
  agentName: string | null;
  at: number;
}

/** One line of the customers list. */
export interface CustomerListItem {
  id: string;
  siteId: string;
  siteName: string;
  displayName: string;
  name: string | null;
  email: string | null;
  phone: string | null;
  /** Visitors linked to it, besides the primary one. */
  linked: number;
  createdAt: number;
}

export interface CustomerConversation {
  id: string;
  visitorId: string;
  status: ConversationStatus;
  /** Its messages and transcript events. */
  lastSeq: number;
  createdAt: number;
  updatedAt: number;
}

/** A customer's page: the primary visitor first, then the linked ones; conversations and log newest first. */
export interface CustomerRecord {
  id: string;
  siteId: string;
  siteName: string;
  visitors: VisitorProfile[];
  /** Only those the agent may see (a grab team's agent sees the unassigned and their own). */
  conversations: CustomerConversation[];
  log: LogEntry[];
}
