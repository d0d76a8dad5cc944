/** The product's nouns as they cross the wire. */
import type { AgentRole, AgentStatus, Author, ConversationStatus, EmailStatus, NotificationKind, OutboxStatus, TeamMode, TranscriptEvent, Urgency } from './constants.ts';
import type { EventParams } from './transcript.ts';

export interface Message {
  id: string;
  conversationId: string;
  /** Position in its conversation, from 1, without gaps: what clients resume from. */
  seq: number;
  /** The sender's own id for the message, present on messages sent by a client. */
  clientId: string | null;
  author: Author;
  /** The agent's name for agent messages and transcript events. */
  authorName: string | null;
  /** Set on a transcript event ('system', empty text): what the agent named in authorName did. */
  event: TranscriptEvent | null;
  /** Of an 'assigned' event: the agent it was assigned to (null when that agent no longer exists). */
  subjectName: string | null;
  /** What a transcript event needs beyond who did it (a changed field's new value…); null for the others and for messages. */
  params: EventParams | null;
  text: string;
  /** Milliseconds since the epoch. */
  at: number;
  /** For agent messages the visitor did not see in time: how their fallback email fares. */
  email: MessageEmail | null;
  /** A file sent as this message (its text is then the file's name); absent on other messages. */
  attachment?: Attachment;
  /** Set on an agent's video-call invitation: the room's address (https). */
  call?: MessageCall | null;
}

export interface MessageCall {
  url: string;
}

/** A file in a message, served at FILES_PATH/id to the conversation's visitor and its agents only. */
export interface Attachment {
  /** Unguessable: it is also the file's address. */
  id: string;
  /** As stored: its extension is that of the type found in its bytes. */
  name: string;
  size: number;
  /** The type it is served as (FILE_TYPES). */
  type: string;
  /** A raster image, shown inline; everything else is a download. */
  image: boolean;
  /** Of an image, for layout before it loads. */
  width?: number;
  height?: number;
}

/**
 * A conversation's receipts: each the highest seq so far, never lowered. Agents' messages are
 * delivered once a widget of the visitor's received them and seen once one showed them (panel
 * open, page visible, the message in view); the visitor's are delivered once an agent's console
 * received them and seen once an agent had the conversation open with them shown.
 */
export interface Receipts {
  visitorDelivered: number;
  visitorSeen: number;
  agentDelivered: number;
  agentSeen: number;
}

export interface MessageEmail {
  /** 'held': the address awaits its owner's confirmation; the email goes once they confirm. */
  status: 'queued' | 'sent' | 'failed' | 'held';
  /** Why the last attempt failed, when it did. */
  error: string | null;
}

/** Where a visitor is, roughly, from their IP address; null fields are unknown. */
export interface Location {
  city: string | null;
  region: string | null;
  country: string | null;
  countryCode: string | null;
}

/** What agents see beside a conversation about the visitor's browser and visit. */
export interface VisitorContext {
  /** The page they are on now, or were on last. */
  page: PageInfo | null;
  /** The referrer of their first page view. */
  referrer: string | null;
  firstSeenAt: number;
  visits: number;
  /** Start of the current (or last) visit: time on site is measured from it. */
  visitStartedAt: number | null;
  browser: string | null;
  os: string | null;
  language: string | null;
  /** The browser's IANA time zone: a hint where the location is unknown. */
  timeZone: string | null;
}

export interface AgentRef {
  id: string;
  name: string;
}

export interface VisitorProfile {
  id: string;
  siteId: string;
  name: string | null;
  email: string | null;
  phone: string | null;
  /** Set only when `identify` came with a valid HMAC. */
  userId: string | null;
  /** The customer (a primary visitor's id) an agent linked this visitor to; null: the visitor is a customer of their own. */
  customerId: string | null;
  /** What agents call the visitor: name, else email, else a stable short label. */
  displayName: string;
  /** Mail stops to an address that bounced or unsubscribed. */
  emailStatus: EmailStatus;
  /** At least one tab holds a live connection. */
  online: boolean;
  /** Last real activity; heartbeats do not count. */
  lastActiveAt: number | null;
  /** Null: unknown (a private address, or not found). */
  location: Location | null;
  context: VisitorContext;
}

export interface ConversationSummary {
  id: string;
  siteId: string;
  siteName: string;
  status: ConversationStatus;
  visitor: VisitorProfile;
  lastMessage: Message | null;
  lastSeq: number;
  /** Agents who joined and have not left. */
  agents: AgentRef[];
  /** Who owns it: assigned by an admin or team admin, taken by themselves, or grabbed. */
  assignee: AgentRef | null;
  /** The team its site routes to, and that team's mode; null: the site has no team (every agent). */
  team: { name: string; mode: TeamMode } | null;
  /** Started while no agent could answer: listed under Missed for follow-up. */
  missed: boolean;
  /** Highest seq the visitor has had on screen. */
  visitorSeenSeq: number;
  /** How far each side has had the messages: what each message's "Delivered" and "Seen" read from. */
  receipts: Receipts;
  /** When the visitor's oldest unanswered message came; null when no visitor waits for an answer. */
  waitingSince: number | null;
  /** How long that wait has become against the site's thresholds; the server raises it when a deadline passes. */
  urgency: Urgency;
  createdAt: number;
  /** Time of the latest message or status change; the list is sorted by it, newest first. */
  updatedAt: number;
}

export interface Agent {
  id: string;
  email: string;
  name: string;
  role: AgentRole;
  status: AgentStatus;
  /** Seconds with no console open after which the agent turns away; 0: never. */
  awayAfter: number;
  /** The console beeps when something comes in unseen. */
  sound: boolean;
  /** The console shows browser notifications (once the browser allowed them). */
  desktop: boolean;
  /** Names of the teams the agent belongs to. */
  teams: string[];
  /** Their photo (a path on this server, public); null: initials. */
  avatarUrl: string | null;
}

/** One item of an agent's notification centre; read state is the server's, per agent. */
export interface AgentNotification {
  id: string;
  kind: NotificationKind;
  conversationId: string;
  /** The visitor's display name when it was made. */
  visitorName: string;
  /** The words it is about (the customer's message), shortened. */
  text: string;
  at: number;
  read: boolean;
}

/** A group of agents a site routes its conversations to. */
export interface Team {
  name: string;
  mode: TeamMode;
}

/** An agent as admins manage them (`GET /api/agents`). */
export interface AgentAccount extends Agent {
  /** A disabled agent cannot sign in, and has no session. */
  disabled: boolean;
  /** When a console of theirs was last open; null: never. */
  lastSeenAt: number | null;
}

/** An agent as their colleagues see them. */
export interface AgentPresence extends AgentRef {
  role: AgentRole;
  teams: string[];
  status: AgentStatus;
  /** Has a console open now. */
  online: boolean;
}

export interface PageInfo {
  url: string;
  title: string;
  referrer: string;
}

/** One fallback email as admins see it in "Sent mail" (`GET /api/mail`). */
export interface OutboxItem {
  id: string;
  conversationId: string;
  to: string;
  subject: string;
  status: OutboxStatus;
  attempts: number;
  lastError: string | null;
  createdAt: number;
  sentAt: number | null;
  /** Where the embedded default wrote it (`.eml` under the data dir), when it went to a file. */
  file: string | null;
}
