/**
 * The store: Parley's data as repositories that return records. Every write of a command runs in
 * one `transaction`, every statement inside it through the handle it passes, so a PostgreSQL
 * adapter is a mechanical port of the SQLite one. Wire shapes are built from these records by
 * core/views.ts, never here.
 */
import type { Agent as WireAgent, AgentRef, AgentRole, Attachment, Author, ConversationStatus, EmailStatus, EventParams, ListCounts, ListCursor, ListQuery, Location, LogKind, MessageCall, MessageEmail, PageInfo, SiteSettings, Team, TeamMode, TranscriptEvent, Urgency } from '@parley/protocol';
import type { HistoryStore } from './history-store.ts';
import type { JobSchedule } from './jobs.ts';
import type { MailStore } from './mail-store.ts';
import type { NotificationStore } from './notification-store.ts';
import type { ContextRecordStore, PendingMessageStore } from './outreach-store.ts';
import type { CallRoomStore, TemplateStore } from './template-store.ts';

export type { Team };

export interface Site {
  id: string;
  key: string;
  name: string;
  origins: string[];
  secret: string;
  /** Parsed once at the store boundary: every setting present, defaults filled in. */
  settings: SiteSettings;
  isDemo: boolean;
}

/** The agent as the console knows them, and what only the server keeps. */
export interface Agent extends Omit<WireAgent, 'avatarUrl'> {
  /** Their photo's stored name (`id.ext`, the FileStore holding it under the id); null: none. */
  avatar: string | null;
  /** When a console of theirs was last open; null: never. */
  lastSeenAt: number | null;
  /** Set while the agent may not sign in. */
  disabledAt: number | null;
}

export interface Visitor {
  id: string;
  siteId: string;
  userId: string | null;
  /** The primary visitor an agent linked this one to (never itself linked: links point at a customer's primary); null: a customer of its own. */
  customerId: string | null;
  name: string | null;
  email: string | null;
  phone: string | null;
  emailStatus: EmailStatus;
  lastActiveAt: number | null;
  visitStartedAt: number | null;
  visits: number;
  page: PageInfo | null;
  /** The referrer of the first page view. */
  referrer: string | null;
  /** Parsed from the user agent when it was stored. */
  browser: string | null;
  os: string | null;
  language: string | null;
  timeZone: string | null;
  location: Location | null;
  createdAt: number;
}

export interface Conversation {
  id: string;
  siteId: string;
  visitorId: string;
  status: ConversationStatus;
  lastSeq: number;
  /** Receipts: the highest seq shown in a widget of the visitor's (it feeds the email fallback too), */
  visitorSeenSeq: number;
  /** reached one of their widgets, */
  visitorDeliveredSeq: number;
  /** reached an agent's console, */
  agentDeliveredSeq: number;
  /** and was shown to an agent with the conversation open. */
  agentSeenSeq: number;
  missed: boolean;
  /** Highest seq of an agent's message: what the visitor's messages wait against. */
  answeredSeq: number;
  /** When the first visitor message after answeredSeq came; null while nobody waits. A visitor message reopening a closed conversation starts a new wait. */
  waitingSince: number | null;
  /** How far that wait has come: raised by its deadline (setUrgency), back to 'none' whenever waitingSince is cleared or restarted. */
  urgency: Urgency;
  agentCount: number;
  assigneeId: string | null;
  createdAt: number;
  updatedAt: number;
}

export type ReceiptMarks = Pick<Conversation, 'visitorDeliveredSeq' | 'visitorSeenSeq' | 'agentDeliveredSeq' | 'agentSeenSeq'>;
export const RECEIPT_MARKS = ['visitorDeliveredSeq', 'visitorSeenSeq', 'agentDeliveredSeq', 'agentSeenSeq'] as const satisfies readonly (keyof ReceiptMarks)[];

export interface Message {
  id: string;
  conversationId: string;
  seq: number;
  clientId: string | null;
  author: Author;
  agentId: string | null;
  /** Joined from the agent at read time, so a renamed agent is renamed everywhere. */
  agentName: string | null;
  event: TranscriptEvent | null;
  /** Of an 'assigned' event: the agent assigned, and their name joined at read time. */
  subjectAgentId: string | null;
  subjectName: string | null;
  params: EventParams | null;
  text: string;
  at: number;
  email: MessageEmail | null;
  /** A file message's file; its bytes are in the FileStore under the same id. */
  attachment: Attachment | null;
  /** Of an agent's video-call invitation. */
  call: MessageCall | null;
}

export interface Appended {
  message: Message;
  conversation: Conversation;
  /** False when the client id was already stored: the send was a retry. */
  created: boolean;
}

/** One line of the console's list, read in a fixed number of queries per page. */
export interface ConversationRow {
  conversation: Conversation;
  visitor: Visitor;
  siteName: string;
  siteSettings: SiteSettings;
  lastMessage: Message | null;
  agents: AgentRef[];
  assignee: AgentRef | null;
  /** The mode of the site's team; null when the site has no team or it names none that exists. */
  teamMode: TeamMode | null;
}

export interface NewMessage {
  clientId: string;
  text: string;
  at: number;
  author: Author;
  agentId: string | null;
  /** Stored with the message; its bytes are put in the FileStore first. */
  attachment?: Attachment;
  call?: MessageCall | null;
}

export interface PageView {
  at: number;
  page: PageInfo | null;
  userAgent: string | null;
  language: string | null;
  timeZone: string | null;
}

export interface SiteRepository {
  create(input: { name: string; origins: string[]; isDemo?: boolean }): Promise<Site>;
  list(): Promise<Site[]>;
  byKey(key: string): Promise<Site | null>;
  byId(id: string): Promise<Site | null>;
  update(key: string, patch: { name?: string; origins?: string[]; settings?: SiteSettings; secret?: string }): Promise<Site>;
}

export interface AgentRepository {
  create(input: { email: string; name: string; role: AgentRole; teams?: string[]; passwordHash: string }): Promise<Agent>;
  credentials(email: string): Promise<{ agent: Agent; passwordHash: string } | null>;
  count(): Promise<number>;
  list(): Promise<Agent[]>;
  byId(id: string): Promise<Agent | null>;
  byEmail(email: string): Promise<Agent | null>;
  update(id: string, patch: Partial<Pick<Agent, 'status' | 'awayAfter' | 'sound' | 'desktop' | 'teams' | 'name' | 'lastSeenAt' | 'role' | 'disabledAt' | 'avatar'>>): Promise<Agent>;
  /** The agent whose photo has this stored name now; an old name finds no one. */
  byAvatar(avatar: string): Promise<Agent | null>;
  setPasswordHash(id: string, passwordHash: string): Promise<void>;
}

export interface TeamRepository {
  /** Throws ConflictError when a team has that name. */
  create(input: Team): Promise<Team>;
  /** By name. */
  list(): Promise<Team[]>;
  byName(name: string): Promise<Team | null>;
  setMode(name: string, mode: TeamMode): Promise<Team>;
}

export interface SessionRepository {
  create(input: { tokenHash: string; agentId: string; expiresAt: number }): Promise<void>;
  /** The session's agent while it has not expired and the agent is not disabled. */
  agent(tokenHash: string, now: number): Promise<Agent | null>;
  /** Whether there was such a session. */
  delete(tokenHash: string): Promise<boolean>;
  deleteOfAgent(agentId: string): Promise<void>;
}

export interface VisitorRepository {
  create(input: { siteId: string; tokenHash: string }): Promise<Visitor>;
  byToken(siteId: string, tokenHash: string): Promise<Visitor | null>;
  byId(id: string): Promise<Visitor | null>;
  byIds(ids: readonly string[]): Promise<Visitor[]>;
  byUserId(siteId: string, userId: string): Promise<Visitor | null>;
  addToken(input: { siteId: string; visitorId: string; tokenHash: string }): Promise<void>;
  /** A new email address resets the email status: it has neither bounced nor unsubscribed. */
  update(id: string, patch: Partial<Pick<Visitor, 'name' | 'email' | 'phone' | 'userId'>>): Promise<Visitor>;
  /** A page load: a new visit after 30 quiet minutes; keeps the browser's context; is activity. */
  recordPageView(id: string, view: PageView): Promise<void>;
  recordActivity(id: string, at: number): Promise<void>;
  setLocation(id: string, location: Location | null, ip: string | null): Promise<void>;
}

/** The conversations an agent may list: every one of the `whole` sites, and of the others only the unassigned and the agent's own. */
export interface ListScope {
  whole: readonly string[];
  unassignedOrOwn: readonly string[];
  agentId: string;
}

/** What the list shows an agent: their scope, narrowed by the query (view, status, team, site). */
export interface ListSelection {
  /** null: every conversation. */
  scope: ListScope | null;
  /** Whose Joined and Mine. */
  agentId: string;
  query: ListQuery;
  /** The visitors online now (from presence): the Online status. */
  online: readonly string[];
}

export interface ConversationRepository {
  byId(id: string): Promise<Conversation | null>;
  /** The visitor's thread: each visitor has one, reopened when they write again. */
  ofVisitor(visitorId: string): Promise<Conversation | null>;
  /** The visitor's thread, created on first use. */
  ensureOfVisitor(input: { siteId: string; visitorId: string; at: number }): Promise<Conversation>;
  /**
   * A page of the selection in the list's order (protocol's compareListed: who has waited longest
   * first, then the newest activity, then the id), starting after `after`: a keyset, so a page
   * never repeats or skips a row however the ones before it moved.
   */
  list(input: ListSelection & { after: ListCursor | null; limit: number }): Promise<ConversationRow[]>;
  /** In one statement: each view's count under the query's status, and each status's under its view; both within its team and site. */
  counts(input: ListSelection): Promise<ListCounts>;
  row(id: string): Promise<ConversationRow | null>;
  /** Whether the agent was newly added (false: was in already). */
  join(conversationId: string, agentId: string, at: number): Promise<boolean>;
  leave(conversationId: string, agentId: string): Promise<boolean>;
  /** Whether it was open. */
  close(conversationId: string, at: number): Promise<boolean>;
  /**
   * Sets the assignee; `unlessAssigned`: only while nobody is assigned, in one statement, so of two
   * grabs at once exactly one changes the row. Whether it changed.
   */
  assign(conversationId: string, agentId: string | null, options: { unlessAssigned: boolean }): Promise<boolean>;
  setMissed(conversationId: string, missed: boolean): Promise<void>;
  /**
   * Raises each receipt given to its seq, in one statement: never lowers one, never past the last
   * message. The conversation as it is now when any of them rose; null when none did.
   */
  raiseReceipts(conversationId: string, marks: Partial<ReceiptMarks>): Promise<Conversation | null>;
  /** Open conversations of a site with nothing new since `before`. */
  silent(siteId: string, before: number): Promise<string[]>;
  /** Open conversations of a site whose customer waits for an answer. */
  waiting(siteId: string): Promise<string[]>;
  /**
   * Sets the urgency of the wait that began at `waitingSince`, if that wait is still the
   * conversation's (open, not answered or restarted since); whether it changed.
   */
  setUrgency(conversationId: string, waitingSince: number, urgency: Urgency): Promise<boolean>;
}

export interface MessageRepository {
  /**
   * Inserts at the next seq, or returns the message already stored under its client id. An
   * agent's message answers: the wait ends. A 'system' one (the automatic away reply) answers
   * nobody and is no one's latest word, like a transcript event: the wait, the latest message and
   * the status stay as they were.
   */
  append(conversation: Conversation, input: NewMessage): Promise<Appended>;
  /**
   * A transcript event at the next seq. It answers nobody and is no one's latest word: the
   * conversation's list fields (latest message, waiting, status, activity time) stay as they were.
   */
  recordEvent(conversationId: string, input: { event: TranscriptEvent; agentId: string | null; subjectAgentId?: string; params?: EventParams; at: number }): Promise<Message>;
  since(conversationId: string, seq: number): Promise<Message[]>;
  /** The file with this id and the conversation whose message carries it; null when there is none. */
  attachment(id: string): Promise<{ conversationId: string; attachment: Attachment } | null>;
  /** The latest `limit` messages before seq `before`, in seq order: one page of older history. */
  before(conversationId: string, before: number, limit: number): Promise<Message[]>;
}

export interface LogEntryRecord {
  id: string;
  customerId: string;
  kind: LogKind;
  minutes: number | null;
  text: string;
  agentId: string | null;
  /** Joined from the agent at read time. */
  agentName: string | null;
  at: number;
}

/** Customers in the order the list shows them: newest first, then by id. */
export interface CustomerCursor {
  createdAt: number;
  id: string;
}

/**
 * Customers: a primary visitor (customerId null) with the visitors linked to it. Only visitors
 * with a conversation or a contact detail (of their own or of a linked one) are customers; the
 * anonymous passers-by are not.
 */
export interface CustomerRepository {
  /**
   * A page of customers on `siteIds` (null: every site) whose primary or linked visitors' name,
   * email or phone holds `q` (any case; '' matches all), after `after`: a keyset.
   */
  search(input: { siteIds: readonly string[] | null; q: string; after: CustomerCursor | null; limit: number }): Promise<{ visitor: Visitor; linked: number }[]>;
  /** The customer's visitors: the primary first, then the linked ones, oldest first. Empty: no such primary visitor. */
  members(customerId: string): Promise<Visitor[]>;
  /** Every conversation of the customer's visitors, newest first. */
  conversations(customerId: string): Promise<Conversation[]>;
  /**
   * Links the visitor, with every visitor linked to it and its log, to the primary `customerId`:
   * links stay one step deep. False, changing nothing, unless `customerId` is another visitor of
   * the same site and still a primary (of two links at once between the same two, one wins).
   */
  link(visitorId: string, customerId: string): Promise<boolean>;
  addLog(input: { customerId: string; agentId: string; kind: LogKind; minutes: number | null; text: string; at: number }): Promise<LogEntryRecord>;
  /** Newest first. */
  log(customerId: string): Promise<LogEntryRecord[]>;
}

export interface MetaRepository {
  get(key: string): Promise<string | null>;
  set(key: string, value: string): Promise<void>;
  /** Stores `value` unless the key has one: the value kept either way. Of several nodes racing, one value wins and all get it. */
  setIfAbsent(key: string, value: string): Promise<string>;
  /** Whether there was a value: of racing deletes (a one-time token used twice at once), exactly one gets true. */
  delete(key: string): Promise<boolean>;
}

/** What a transaction handle offers: every repository, each statement inside that transaction. */
export interface StoreTx {
  sites: SiteRepository;
  agents: AgentRepository;
  teams: TeamRepository;
  sessions: SessionRepository;
  visitors: VisitorRepository;
  conversations: ConversationRepository;
  messages: MessageRepository;
  customers: CustomerRepository;
  mail: MailStore;
  notifications: NotificationStore;
  pendingMessages: PendingMessageStore;
  contextRecords: ContextRecordStore;
  history: HistoryStore;
  templates: TemplateStore;
  callRooms: CallRoomStore;
  meta: MetaRepository;
  jobs: JobSchedule;
}

export interface Store extends StoreTx {
  /**
   * Runs `fn` in one transaction: all of it is stored, or none of it. Outside `fn`, each call is
   * its own. `fn` may be run more than once (an adapter may retry it alone): it does store work only.
   * A store that cannot write now (a full disk) rejects with StoreUnavailableError, having stored nothing of `fn`.
   */
  transaction<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T>;
  /** A consistent copy of the whole database, taken while it is in use. */
  backup(file: string): Promise<void>;
  close(): Promise<void>;
}
