/** Frames on the visitor's WebSocket (`/ws/visitor`), both directions. */
import * as v from 'valibot';
import {
  HISTORY_PAGE,
  MAX_CLIENT_ID_LENGTH,
  MAX_EMAIL_LENGTH,
  MAX_HISTORY_PAGE,
  MAX_MESSAGE_LENGTH,
  MAX_NAME_LENGTH,
  MAX_PHONE_LENGTH,
  MAX_TITLE_LENGTH,
  MAX_URL_LENGTH,
  MAX_USER_ID_LENGTH,
} from './limits.ts';
import type { ERROR_CODES } from './constants.ts';
import { cleanString, webAddress } from './text.ts';
import type { Message, Receipts } from './model.ts';
import type { WidgetConfig } from './widget-config.ts';
import { contextRecordFields } from './outreach.ts';

const line = cleanString();
const clientId = v.pipe(line, v.minLength(1), v.maxLength(MAX_CLIENT_ID_LENGTH));
const seq = v.pipe(v.number(), v.integer(), v.minValue(0));
/** A request for older history: the latest `limit` messages before seq `before`. */
export const olderRequest = {
  before: v.pipe(v.number(), v.integer(), v.minValue(1)),
  limit: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(MAX_HISTORY_PAGE)), HISTORY_PAGE),
};
export const messageText = v.pipe(
  cleanString({ multiline: true }),
  v.trim(),
  v.minLength(1, 'A message cannot be empty.'),
  v.maxLength(MAX_MESSAGE_LENGTH, `A message is at most ${MAX_MESSAGE_LENGTH} characters.`),
);

export const pageInfo = v.object({
  url: webAddress(MAX_URL_LENGTH),
  title: v.pipe(line, v.maxLength(MAX_TITLE_LENGTH)),
  referrer: webAddress(MAX_URL_LENGTH),
});

export const identifyFields = v.object({
  email: v.optional(v.pipe(line, v.trim(), v.maxLength(MAX_EMAIL_LENGTH), v.email('That email address does not look right.'))),
  name: v.optional(v.pipe(line, v.trim(), v.minLength(1), v.maxLength(MAX_NAME_LENGTH))),
  phone: v.optional(v.pipe(line, v.trim(), v.maxLength(MAX_PHONE_LENGTH))),
  userId: v.optional(v.pipe(line, v.minLength(1), v.maxLength(MAX_USER_ID_LENGTH))),
  hmac: v.optional(v.pipe(line, v.regex(/^[0-9a-f]{64}$/i, 'hmac is HMAC-SHA256(userId, site secret) in hex.'))),
  /**
   * The visitor typed this email into the widget's own form (the email question, the offline form):
   * a contact to confirm before mail goes to it, never an identity, so requireIdentity takes it.
   * The page API never sets it.
   */
  typed: v.optional(v.literal(true)),
});
export type IdentifyFields = v.InferOutput<typeof identifyFields>;

export const visitorHello = v.object({
  t: v.literal('hello'),
  site: v.pipe(line, v.minLength(1), v.maxLength(64)),
  token: v.optional(v.pipe(line, v.maxLength(128))),
  /** The last sequence number the client holds; the server sends everything after it. */
  since: v.optional(seq),
  page: v.optional(pageInfo),
  /** The browser's IANA time zone and language, for agents' context. */
  tz: v.optional(v.pipe(line, v.maxLength(64))),
  lang: v.optional(v.pipe(line, v.maxLength(35))),
  /** True when this page load was connected before: a reconnect, not a page view. */
  reconnect: v.optional(v.boolean()),
  /** A "Continue the chat" token from an email link: resumes that visitor in this browser. */
  continue: v.optional(v.pipe(line, v.maxLength(128))),
});

export const visitorClientFrame = v.variant('t', [
  visitorHello,
  v.object({ t: v.literal('send'), clientId, text: messageText }),
  v.object({ t: v.literal('typing'), on: v.boolean() }),
  v.object({ t: v.literal('seen'), seq }),
  /** The widget received the messages up to seq (sent for the site's messages, as they arrive). */
  v.object({ t: v.literal('delivered'), seq }),
  /** Older messages of the visitor's conversation: answered by an `older` frame. */
  v.object({ t: v.literal('older'), ...olderRequest }),
  v.object({ t: v.literal('identify'), ...identifyFields.entries }),
  v.object({ t: v.literal('page'), page: pageInfo }),
  /** Real activity (focus, scroll, typing), throttled by the client; heartbeats are not activity. */
  v.object({ t: v.literal('activity') }),
  /** `Parley('context', …)`: a record (an order, a cart) for the agents beside this visitor's conversation. */
  v.object({ t: v.literal('context'), ...contextRecordFields.entries }),
]);
export type VisitorClientFrame = v.InferOutput<typeof visitorClientFrame>;

export type VisitorServerFrame =
  | {
      t: 'welcome';
      visitorId: string;
      /** The token to keep: the one sent in hello, or a new one when that was unknown. */
      token: string;
      conversationId: string | null;
      /** Messages after the `since` the client sent, in order; with since 0, only the latest HISTORY_PAGE. */
      messages: Message[];
      /** Whether the conversation holds messages before the first of these (some may be ones the visitor does not see). */
      older: boolean;
      /** The conversation's receipts (all 0 without a conversation). */
      receipts: Receipts;
      /** Whether an agent can answer now. */
      available: boolean;
      /** The visitor's email, when known: the widget asks for it only when it is not. */
      email: string | null;
      /** How the widget looks and what it says: the site's settings for visitors. */
      config: WidgetConfig;
      /** When unavailable because of the opening hours: when they next open (ms since epoch); otherwise null. */
      backAt: number | null;
    }
  /** An admin changed the site's settings: the widget restyles and rewords itself without a reload. */
  | { t: 'config'; config: WidgetConfig }
  /** The visitor's contact details changed (identify, or an agent edited them). */
  | { t: 'profile'; name: string | null; email: string | null }
  | { t: 'ack'; clientId: string; id: string; seq: number; conversationId: string; at: number }
  | { t: 'message'; message: Message }
  /** A page of older history, as an `older` frame asked; `more`: whether there are messages before these too. */
  | { t: 'older'; conversationId: string; before: number; messages: Message[]; more: boolean }
  /** The conversation's receipts rose: the same frame agents get. */
  | { t: 'receipts'; conversationId: string; receipts: Receipts }
  | { t: 'typing'; on: boolean; name: string | null }
  /** Sent when whether an agent can answer changes. */
  | { t: 'availability'; available: boolean; backAt: number | null }
  | ErrorFrame;

export interface ErrorFrame {
  t: 'error';
  code: ErrorCode;
  message: string;
  /** The clientId of the send that failed, when one did. */
  clientId?: string;
  /** For rate_limited: how long until the same frame would be taken. */
  retryAfterMs?: number;
}

export type ErrorCode = (typeof ERROR_CODES)[number];
