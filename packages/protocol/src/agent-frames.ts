/** Frames on an agent's WebSocket (`/ws/agent`), both directions. */
import * as v from 'valibot';
import { MAX_CLIENT_ID_LENGTH, MAX_EMAIL_LENGTH, MAX_NAME_LENGTH, MAX_NOTIFICATIONS, MAX_PHONE_LENGTH } from './limits.ts';
import { type ListCounts, type ListCursor, type ListQuery, listRequest, type SiteRef } from './list-view.ts';
import type { Agent, AgentNotification, AgentPresence, ConversationSummary, Message, MessageEmail, Receipts, Team, VisitorProfile } from './model.ts';
import type { ErrorFrame } from './visitor-frames.ts';
import { messageText, olderRequest } from './visitor-frames.ts';
import { cleanString } from './text.ts';
import { type ContextRecord, contextRecordFields } from './outreach.ts';

const line = cleanString();
const clientId = v.pipe(line, v.minLength(1), v.maxLength(MAX_CLIENT_ID_LENGTH));
const id = v.pipe(line, v.minLength(1), v.maxLength(64));
/** Empty clears the field. */
const contact = (max: number) => v.optional(v.pipe(line, v.trim(), v.maxLength(max)));

const conversationId = id;

const frames = v.variant('t', [
  /** Asks for a page of the list: the first one, or the one after `after`. Answered by a `page` frame, and a `counts` frame for a first page. */
  v.object({ t: v.literal('list'), ...listRequest }),
  /** Asks for a conversation's messages after `since` (0: its latest HISTORY_PAGE). Answered by a `history` frame. */
  v.object({ t: v.literal('open'), conversationId, since: v.pipe(v.number(), v.integer(), v.minValue(0)) }),
  /** Asks for older messages of a conversation. Answered by an `older` frame. */
  v.object({ t: v.literal('older'), conversationId, ...olderRequest }),
  v.object({ t: v.literal('send'), conversationId, clientId, text: messageText }),
  /** Writes first to a visitor on the site now, starting their conversation if they have none. */
  v.object({ t: v.literal('start'), visitorId: id, clientId, text: messageText }),
  v.object({ t: v.literal('typing'), conversationId, on: v.boolean() }),
  v.object({ t: v.literal('join'), conversationId }),
  v.object({ t: v.literal('leave'), conversationId }),
  /** `message` is sent to the customer in place of the site's closingMessage; '' sends none. */
  v.object({ t: v.literal('close'), conversationId, message: v.optional(v.union([v.literal(''), messageText])) }),
  /** Assigns the conversation to an agent (null: to nobody); an agent may assign only themselves. Joining a grab team's new conversation grabs it. */
  v.object({ t: v.literal('assign'), conversationId, agentId: v.nullable(id) }),
  /** Marks the agent's notifications read: these, or (no ids) all of them. */
  v.object({ t: v.literal('read'), ids: v.optional(v.pipe(v.array(id), v.minLength(1), v.maxLength(MAX_NOTIFICATIONS))) }),
  /** The agent has seen the conversation up to seq: its unread dot clears, its notifications are read. */
  v.object({ t: v.literal('seen'), conversationId, seq: v.pipe(v.number(), v.integer(), v.minValue(0)) }),
  /** The console received the conversation's messages up to seq (sent for the visitor's messages, as they arrive). */
  v.object({ t: v.literal('delivered'), conversationId, seq: v.pipe(v.number(), v.integer(), v.minValue(0)) }),
  /** The agent's own availability, auto-away delay (seconds; 0: never) and notification switches. */
  v.object({
    t: v.literal('me'),
    status: v.optional(v.picklist(['available', 'away'])),
    awayAfter: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(7 * 86_400))),
    sound: v.optional(v.boolean()),
    desktop: v.optional(v.boolean()),
  }),
  /** Asks for the context records of the visitor's conversation; answered by a `contexts` frame. */
  v.object({ t: v.literal('contexts'), visitorId: id }),
  /** Adds a context record to the visitor's conversation, or replaces the one of that type and id. */
  v.object({ t: v.literal('context'), visitorId: id, record: contextRecordFields }),
  /** Removes a context record. */
  v.object({ t: v.literal('uncontext'), visitorId: id, type: contextRecordFields.entries.type, id: contextRecordFields.entries.id }),
  /** Edits the visitor's customer details. */
  v.object({
    t: v.literal('visitor'),
    visitorId: id,
    name: contact(MAX_NAME_LENGTH),
    email: v.optional(v.union([v.literal(''), v.pipe(line, v.trim(), v.maxLength(MAX_EMAIL_LENGTH), v.email('That email address does not look right.'))])),
    phone: contact(MAX_PHONE_LENGTH),
  }),
]);

/** An edit names at least one field: the store has no update of nothing. */
const EDITS: Partial<Record<v.InferOutput<typeof frames>['t'], readonly string[]>> = { me: ['status', 'awayAfter', 'sound', 'desktop'], visitor: ['name', 'email', 'phone'] };

export const agentClientFrame = v.pipe(
  frames,
  v.check((frame) => EDITS[frame.t]?.some((field) => (frame as Record<string, unknown>)[field] !== undefined) ?? true, (issue) => {
    const t = (issue.input as { t: keyof typeof EDITS }).t;
    return `A ${t} frame sets at least one of ${EDITS[t]?.join(', ')}.`;
  }),
);
export type AgentClientFrame = v.InferOutput<typeof agentClientFrame>;

export type AgentServerFrame =
  /** The first page of the default list (every conversation the agent may see), sent on connect; `next`: where the second page starts. */
  | { t: 'conversations'; items: ConversationSummary[]; next: ListCursor | null }
  /** A page of the list a `list` frame asked for; `after` as asked (null: the first page). */
  | { t: 'page'; query: ListQuery; after: ListCursor | null; items: ConversationSummary[]; next: ListCursor | null }
  /** How many each view and status holds for this query, on connect, after a first page, and shortly after conversations change. */
  | { t: 'counts'; query: ListQuery; counts: ListCounts }
  /** The sites whose conversations the agent may see, for the Site filter; sent on connect. */
  | { t: 'sites'; items: SiteRef[] }
  /** One conversation changed or appeared. */
  | { t: 'conversation'; item: ConversationSummary }
  /** This agent may no longer see the conversation (another agent grabbed it, or it was reassigned). */
  | { t: 'removed'; conversationId: string }
  /** `older`: whether the conversation holds messages before the first of these. */
  | { t: 'history'; conversationId: string; messages: Message[]; older: boolean }
  /** A page of older history, as an `older` frame asked; `more`: whether there are messages before these too. */
  | { t: 'older'; conversationId: string; before: number; messages: Message[]; more: boolean }
  | { t: 'message'; message: Message }
  | { t: 'ack'; clientId: string; id: string; seq: number; conversationId: string; at: number }
  /** A conversation's receipts rose (its list line carries them too, for a reload). */
  | { t: 'receipts'; conversationId: string; receipts: Receipts }
  | { t: 'typing'; conversationId: string; on: boolean }
  /** Visitors online now, chatting or not, sent on connect. */
  | { t: 'visitors'; items: VisitorProfile[] }
  /** A visitor changed: came online, went offline, moved page, was active, was edited. */
  | { t: 'visitor'; item: VisitorProfile }
  /** The latest notifications (at most MAX_NOTIFICATIONS) and how many of all are unread, on connect. */
  | { t: 'notifications'; items: AgentNotification[]; unread: number }
  /** A new notification, and the unread count with it. */
  | { t: 'notification'; item: AgentNotification; unread: number }
  /** Some notifications were read (in any tab) or withdrawn (an offer someone else grabbed). */
  | { t: 'notificationsChanged'; read: string[]; removed: string[]; unread: number }
  /** The last seq this agent saw per conversation: of the listed ones on connect, then each change. */
  | { t: 'seen'; items: Record<string, number> }
  /** The signed-in agent, on connect and after it changed. */
  | { t: 'me'; agent: Agent }
  /** Every team and its mode, on connect and on every change. */
  | { t: 'teams'; items: Team[] }
  /** Every agent and whether they are available, on connect and on every change. */
  | { t: 'agents'; items: AgentPresence[] }
  /** The context records of a visitor's conversation: asked for, or changed (by the page or an agent). */
  | { t: 'contexts'; visitorId: string; records: ContextRecord[] }
  /** The fallback email carrying these messages changed state. */
  | { t: 'email'; conversationId: string; messageIds: string[]; email: MessageEmail }
  | ErrorFrame;
