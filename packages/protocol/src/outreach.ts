/**
 * Writing to a customer first (now or at a set time) and the records a shop's page attaches to a
 * visitor's conversation (an order, a cart): their wire shapes, bodies and limits, once.
 */
import * as v from 'valibot';
import { MAX_URL_LENGTH } from './limits.ts';
import { cleanString, httpUrl } from './text.ts';

/** A conversation carries at most this many context records: a page calling in a loop cannot fill the store. */
export const MAX_CONTEXT_RECORDS = 20;
export const MAX_CONTEXT_TYPE_LENGTH = 40;
export const MAX_CONTEXT_ID_LENGTH = 100;
export const MAX_CONTEXT_LABEL_LENGTH = 200;
/** A page may attach or change this many context records a minute, per visitor: enough for any shop, not for a loop. */
export const CONTEXT_WRITES_PER_MINUTE = 30;
/** How far ahead a message may be scheduled. */
export const MAX_SCHEDULE_AHEAD_MS = 366 * 86_400_000;

const line = cleanString();
const bounded = (max: number, what: string) => v.pipe(line, v.trim(), v.minLength(1, `A context record needs a ${what}.`), v.maxLength(max, `A context record's ${what} is at most ${max} characters.`));

/** What `Parley('context', …)` and an agent give; one record per type and id, a repeat replaces it. */
export const contextRecordFields = v.object({
  type: bounded(MAX_CONTEXT_TYPE_LENGTH, 'type'),
  id: bounded(MAX_CONTEXT_ID_LENGTH, 'id'),
  label: bounded(MAX_CONTEXT_LABEL_LENGTH, 'label'),
  /** Only http(s): an agent clicks it. Absent or empty: the record is not a link. */
  url: v.optional(
    v.pipe(
      line,
      v.trim(),
      v.maxLength(MAX_URL_LENGTH),
      v.check((text) => text === '' || httpUrl(text) !== null, "A context record's url is an http(s) URL."),
      v.transform((text) => (text === '' ? null : httpUrl(text))),
    ),
  ),
});
export type ContextRecordFields = v.InferOutput<typeof contextRecordFields>;

export interface ContextRecord {
  type: string;
  id: string;
  label: string;
  url: string | null;
  /** Who attached it: null for the shop's page, else the agent's name. */
  addedBy: string | null;
  at: number;
}

export const PENDING_STATUSES = ['pending', 'sent', 'cancelled'] as const;
export type PendingStatus = (typeof PENDING_STATUSES)[number];

/** A message an agent scheduled to a customer, as the "Pending messages" list shows it. */
export interface PendingMessage {
  id: string;
  visitorId: string;
  /** The customer's display name. */
  visitorName: string;
  text: string;
  sendAt: number;
  agentId: string | null;
  agentName: string | null;
  status: PendingStatus;
  createdAt: number;
}

/** The answer: where the message went now, or what was scheduled. */
export type OutreachResult =
  | { sent: { conversationId: string; messageId: string; seq: number; by: 'widget' | 'email' } }
  | { pending: PendingMessage };
