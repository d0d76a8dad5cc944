/** The database schema: the one place tables are described; drizzle-kit generates migrations from it. */
import { AGENT_ROLES, AGENT_STATUSES, type Attachment, AUTHORS, CONVERSATION_STATUSES, EMAIL_STATUSES, type EventParams, LOG_KINDS, NOTIFICATION_KINDS, OUTBOX_STATUSES, PENDING_STATUSES, TEAM_MODES, TRANSCRIPT_EVENTS, URGENCIES } from '@parley/protocol';
import { sql } from 'drizzle-orm';
import { type AnySQLiteColumn, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

const now = sql`(cast(unixepoch('subsecond') * 1000 as integer))`;

/** A reference a row cannot be without: it goes when its parent goes. */
const owned = (name: string, parent: () => AnySQLiteColumn) => text(name).notNull().references(parent, { onDelete: 'cascade' });

export const sites = sqliteTable('sites', {
  id: text('id').primaryKey(),
  /** Public: it stands in every embed snippet. */
  key: text('key').notNull().unique(),
  name: text('name').notNull(),
  /** JSON array of origins (scheme://host[:port]) the widget may run on. */
  origins: text('origins', { mode: 'json' }).$type<string[]>().notNull(),
  /** Signs `identify` calls: HMAC-SHA256(userId, secret). Never leaves the server but through the CLI. */
  secret: text('secret').notNull(),
  /** JSON object of per-site settings; absent keys take their defaults. */
  settings: text('settings', { mode: 'json' }).$type<Record<string, unknown>>().notNull().default({}),
  isDemo: integer('is_demo', { mode: 'boolean' }).notNull().default(false),
  createdAt: integer('created_at').notNull().default(now),
});

export const agents = sqliteTable('agents', {
  id: text('id').primaryKey(),
  email: text('email').notNull().unique(),
  name: text('name').notNull(),
  role: text('role', { enum: AGENT_ROLES }).notNull(),
  passwordHash: text('password_hash').notNull(),
  /** Set by the agent by hand, and by the server after awayAfter seconds with no console open. */
  status: text('status', { enum: AGENT_STATUSES })
    .notNull()
    .default('available'),
  /** Seconds without any console open before the agent turns away; 0: never. */
  awayAfter: integer('away_after').notNull().default(900),
  /** The console beeps when something comes in while it is not looked at. */
  sound: integer('notify_sound', { mode: 'boolean' }).notNull().default(true),
  /** The console shows browser notifications; off until the agent turns it on, which asks the browser's permission. */
  desktop: integer('notify_desktop', { mode: 'boolean' }).notNull().default(false),
  /** Names of the agent's teams (teams.name): sites with a team are answered only by its agents. */
  teams: text('teams', { mode: 'json' }).$type<string[]>().notNull().default([]),
  /** When a console of the agent was last open: they still count as answering for awayAfter after it. Null: never signed in. */
  lastSeenAt: integer('last_seen_at'),
  /** Set while the agent may not sign in; their sessions were deleted when it was set. */
  disabledAt: integer('disabled_at'),
  /** The agent's photo: `id.ext`, its bytes in the FileStore under the id, a new id on every upload; null: initials. */
  avatar: text('avatar').unique(),
  createdAt: integer('created_at').notNull().default(now),
});

/** Teams are named once and never renamed: sites and agents refer to them by name. */
export const teams = sqliteTable('teams', {
  name: text('name').primaryKey(),
  mode: text('mode', { enum: TEAM_MODES }).notNull().default('collaboration'),
  createdAt: integer('created_at').notNull().default(now),
});

export const agentSessions = sqliteTable(
  'agent_sessions',
  {
    /** SHA-256 of the cookie value: a leaked database does not leak sessions. */
    tokenHash: text('token_hash').primaryKey(),
    agentId: owned('agent_id', () => agents.id),
    createdAt: integer('created_at').notNull().default(now),
    expiresAt: integer('expires_at').notNull(),
  },
  // Disabling an agent or changing their password deletes all of their sessions.
  (t) => [index('agent_sessions_agent').on(t.agentId)],
);

export const visitors = sqliteTable(
  'visitors',
  {
    id: text('id').primaryKey(),
    siteId: owned('site_id', () => sites.id),
    /** The site's own user id, set only through an identify call with a valid HMAC. */
    userId: text('user_id'),
    /**
     * The primary visitor (visitors.id) an agent linked this one to (the same person on another
     * device); null: a customer of its own. Links are one step deep. No foreign key: migrate-to-postgres
     * copies visitors in their SQLite order, in which a linked visitor may come before its primary,
     * and both go only with their site.
     */
    customerId: text('customer_id'),
    name: text('name'),
    email: text('email'),
    phone: text('phone'),
    /** Mail to this visitor stops once it bounced or they unsubscribed. */
    emailStatus: text('email_status', { enum: EMAIL_STATUSES })
      .notNull()
      .default('ok'),
    /** Last real activity (page view, focus, typing, sending, scrolling); heartbeats do not count. */
    lastActiveAt: integer('last_active_at'),
    /** When the current (or last) visit began: a visit ends after 30 minutes without activity. */
    visitStartedAt: integer('visit_started_at'),
    visits: integer('visits').notNull().default(0),
    pageUrl: text('page_url'),
    pageTitle: text('page_title'),
    /** The referrer of the visitor's first page view. */
    referrer: text('referrer'),
    userAgent: text('user_agent'),
    /** Parsed from userAgent once, when it is stored: "Chrome 126", "macOS Sonoma". */
    browser: text('browser'),
    os: text('os'),
    language: text('language'),
    timeZone: text('time_zone'),
    /** Kept only for the lookup, and not at all when the site turns storeIp off. */
    ip: text('ip'),
    city: text('city'),
    region: text('region'),
    country: text('country'),
    countryCode: text('country_code'),
    createdAt: integer('created_at').notNull().default(now),
  },
  (t) => [
    uniqueIndex('visitors_user').on(t.siteId, t.userId),
    index('visitors_active').on(t.siteId, t.lastActiveAt),
    index('visitors_customer').on(t.customerId),
    index('visitors_site_created').on(t.siteId, t.createdAt),
  ],
);

/** A visitor holds one token per browser; an identified visitor gains one on each device. */
export const visitorTokens = sqliteTable(
  'visitor_tokens',
  {
    /** SHA-256 of the token the browser keeps. */
    tokenHash: text('token_hash').notNull(),
    siteId: owned('site_id', () => sites.id),
    visitorId: owned('visitor_id', () => visitors.id),
    createdAt: integer('created_at').notNull().default(now),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.tokenHash] })],
);

export const conversations = sqliteTable(
  'conversations',
  {
    id: text('id').primaryKey(),
    siteId: owned('site_id', () => sites.id),
    visitorId: owned('visitor_id', () => visitors.id),
    status: text('status', { enum: CONVERSATION_STATUSES })
      .notNull()
      .default('open'),
    /** Highest message seq given out; bumped in the same transaction as the insert. */
    lastSeq: integer('last_seq').notNull().default(0),
    /** Highest seq the visitor has had on screen in an open widget. */
    visitorSeenSeq: integer('visitor_seen_seq').notNull().default(0),
    /** Receipts, each the highest seq so far (never lowered): reached a widget of the visitor's; reached an agent's console; shown to an agent with the conversation open. */
    visitorDeliveredSeq: integer('visitor_delivered_seq').notNull().default(0),
    agentDeliveredSeq: integer('agent_delivered_seq').notNull().default(0),
    agentSeenSeq: integer('agent_seen_seq').notNull().default(0),
    /** Highest seq already put into a fallback email (or decided not to be). */
    emailedSeq: integer('emailed_seq').notNull().default(0),
    /** Started while no agent could answer (chat off, outside hours, nobody available): listed under Missed. */
    missed: integer('missed', { mode: 'boolean' }).notNull().default(false),
    /** The message at lastSeq, kept on write so the list needs no lookup per row. */
    lastMessageId: text('last_message_id'),
    /** Highest seq of an agent's message: what the visitor's messages wait against (the automatic away reply answers nobody). */
    answeredSeq: integer('answered_seq').notNull().default(0),
    /** When the first visitor message after answeredSeq came; null while nobody waits. */
    waitingSince: integer('waiting_since'),
    /** How far that wait has come against the site's thresholds: raised by the urgency deadline, reset with waitingSince. */
    urgency: text('urgency', { enum: URGENCIES }).notNull().default('none'),
    /** Agents joined now: kept on join and leave. */
    agentCount: integer('agent_count').notNull().default(0),
    /** Who owns it; set only where nobody or someone else did, so two grabs at once have one winner. */
    assigneeId: text('assignee_id').references((): AnySQLiteColumn => agents.id, { onDelete: 'set null' }),
    createdAt: integer('created_at').notNull().default(now),
    updatedAt: integer('updated_at').notNull().default(now),
  },
  (t) => [
    index('conversations_visitor').on(t.visitorId),
    index('conversations_updated').on(t.updatedAt),
    index('conversations_site_updated').on(t.siteId, t.updatedAt),
  ],
);

export const conversationAgents = sqliteTable(
  'conversation_agents',
  {
    conversationId: owned('conversation_id', () => conversations.id),
    agentId: owned('agent_id', () => agents.id),
    joinedAt: integer('joined_at').notNull().default(now),
  },
  (t) => [primaryKey({ columns: [t.conversationId, t.agentId] })],
);

/** Its bodies are indexed for History's search by messages_fts (FTS5), which triggers keep: see drizzle/0012_history_search.sql. */
export const messages = sqliteTable(
  'messages',
  {
    id: text('id').primaryKey(),
    conversationId: owned('conversation_id', () => conversations.id),
    seq: integer('seq').notNull(),
    /** The sender's id for the message: a retried send finds the stored one instead of storing twice. */
    clientId: text('client_id'),
    author: text('author', { enum: AUTHORS }).notNull(),
    agentId: text('agent_id').references(() => agents.id, { onDelete: 'set null' }),
    /** A transcript event (author 'system', text empty): what the agent did. Null: a message. */
    event: text('event', { enum: TRANSCRIPT_EVENTS }),
    /** Of an 'assigned' event: the agent it was assigned to. */
    subjectAgentId: text('subject_agent_id').references((): AnySQLiteColumn => agents.id, { onDelete: 'set null' }),
    /** What the event carries beyond kind and agent, typed per kind (protocol's EventParamsOf). */
    params: text('params', { mode: 'json' }).$type<EventParams>(),
    text: text('text').notNull(),
    /** A file message's file (text is then its name); attachment_id finds the message whose file is asked for. */
    attachmentId: text('attachment_id'),
    attachment: text('attachment', { mode: 'json' }).$type<Attachment>(),
    /** Of an agent's video-call invitation: the room's address. */
    callUrl: text('call_url'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('messages_seq').on(t.conversationId, t.seq),
    uniqueIndex('messages_client').on(t.conversationId, t.clientId),
    uniqueIndex('messages_attachment').on(t.attachmentId),
  ],
);

/** Installation-wide values, such as the one-time setup token. */
export const meta = sqliteTable('meta', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});

/** Fallback emails, written in the same transaction as the decision to send; a worker delivers them. */
export const outbox = sqliteTable(
  'outbox',
  {
    id: text('id').primaryKey(),
    conversationId: owned('conversation_id', () => conversations.id),
    /** The Message-ID header, and the idempotency key of the delivery. */
    messageIdHeader: text('message_id_header').notNull().unique(),
    to: text('to').notNull(),
    subject: text('subject').notNull(),
    /** The whole MIME message, built once, so a retry sends exactly the same bytes. */
    raw: text('raw').notNull(),
    status: text('status', { enum: OUTBOX_STATUSES })
      .notNull()
      .default('queued'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: integer('next_attempt_at').notNull(),
    lastError: text('last_error'),
    /** While 'sending': the attempt is this sender's until then; past it, the sender is taken for dead and the email goes back to the queue. */
    sendingUntil: integer('sending_until'),
    createdAt: integer('created_at').notNull(),
    sentAt: integer('sent_at'),
  },
  (t) => [index('outbox_due').on(t.status, t.nextAttemptAt)],
);

/**
 * Addresses mail may carry a visitor's words to. An address the visitor typed gets one
 * confirmation request (shop content only) and nothing more until its owner confirms; one from
 * identify with a valid HMAC counts as confirmed at once.
 */
export const emailConfirmations = sqliteTable(
  'email_confirmations',
  {
    visitorId: owned('visitor_id', () => visitors.id),
    address: text('address').notNull(),
    /** When the confirmation request was queued; null: none yet. */
    requestedAt: integer('requested_at'),
    /** When the owner confirmed (or identify vouched for it); null: unconfirmed. */
    confirmedAt: integer('confirmed_at'),
  },
  (t) => [primaryKey({ columns: [t.visitorId, t.address] })],
);

/** Which messages an email carries: the console shows each message's delivery state through it. */
export const outboxMessages = sqliteTable(
  'outbox_messages',
  {
    outboxId: owned('outbox_id', () => outbox.id),
    messageId: owned('message_id', () => messages.id),
  },
  (t) => [primaryKey({ columns: [t.outboxId, t.messageId] }), index('outbox_messages_message').on(t.messageId)],
);

/** "Continue the chat" links: signed, expiring and single-use. */
export const continueLinks = sqliteTable('continue_links', {
  tokenHash: text('token_hash').primaryKey(),
  visitorId: owned('visitor_id', () => visitors.id),
  conversationId: owned('conversation_id', () => conversations.id),
  expiresAt: integer('expires_at').notNull(),
  usedAt: integer('used_at'),
});

/**
 * Deadlines and periodic work (see ports/jobs.ts). A row is claimed by setting a lease; `claim`
 * names the current claim, and scheduling a job again clears it, so the claimant's complete()
 * leaves the moved deadline in place.
 */
export const jobs = sqliteTable(
  'jobs',
  {
    kind: text('kind').notNull(),
    key: text('key').notNull(),
    runAt: integer('run_at').notNull(),
    payload: text('payload', { mode: 'json' }),
    attempts: integer('attempts').notNull().default(0),
    leaseOwner: text('lease_owner'),
    leaseUntil: integer('lease_until'),
    claim: text('claim'),
  },
  (t) => [primaryKey({ columns: [t.kind, t.key] }), index('jobs_due').on(t.runAt)],
);

/** Each agent's notification centre: one row an item, read or not; an offer goes when someone takes the conversation. */
export const notifications = sqliteTable(
  'notifications',
  {
    id: text('id').primaryKey(),
    agentId: owned('agent_id', () => agents.id),
    kind: text('kind', { enum: NOTIFICATION_KINDS }).notNull(),
    conversationId: owned('conversation_id', () => conversations.id),
    /** What the item says, as it was when made: the visitor's name and the words it is about. */
    visitorName: text('visitor_name').notNull(),
    text: text('text').notNull(),
    at: integer('at').notNull(),
    readAt: integer('read_at'),
  },
  (t) => [index('notifications_agent_at').on(t.agentId, t.at), index('notifications_conversation').on(t.conversationId, t.kind)],
);

/** How far each agent has read each conversation: its unread dot, the same in every tab and browser. */
export const conversationReads = sqliteTable(
  'conversation_reads',
  {
    agentId: owned('agent_id', () => agents.id),
    conversationId: owned('conversation_id', () => conversations.id),
    seenSeq: integer('seen_seq').notNull(),
  },
  (t) => [primaryKey({ columns: [t.agentId, t.conversationId] })],
);

/** Messages agents scheduled to customers: sent by a deadline job ('outreach.send', keyed by id) unless cancelled first. */
export const pendingMessages = sqliteTable(
  'pending_messages',
  {
    id: text('id').primaryKey(),
    siteId: owned('site_id', () => sites.id),
    visitorId: owned('visitor_id', () => visitors.id),
    agentId: text('agent_id').references(() => agents.id, { onDelete: 'set null' }),
    text: text('text').notNull(),
    sendAt: integer('send_at').notNull(),
    /** Leaves 'pending' once, by one conditional update: sent or cancelled, never both. */
    status: text('status', { enum: PENDING_STATUSES }).notNull().default('pending'),
    createdAt: integer('created_at').notNull(),
    doneAt: integer('done_at'),
  },
  (t) => [index('pending_messages_due').on(t.status, t.sendAt)],
);

/** Records a shop's page (or an agent) attached to a visitor's conversation: one per type and id. */
export const contextRecords = sqliteTable(
  'context_records',
  {
    visitorId: owned('visitor_id', () => visitors.id),
    type: text('type').notNull(),
    recordId: text('record_id').notNull(),
    label: text('label').notNull(),
    url: text('url'),
    agentId: text('agent_id').references(() => agents.id, { onDelete: 'set null' }),
    at: integer('at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.visitorId, t.type, t.recordId] })],
);
/** Canned responses: shared ones (no owner) managed by admins, and each agent's own. */
export const templates = sqliteTable(
  'templates',
  {
    id: text('id').primaryKey(),
    /** Null: shared with every agent. */
    ownerId: text('owner_id').references(() => agents.id, { onDelete: 'cascade' }),
    shortcut: text('shortcut').notNull(),
    body: text('body').notNull(),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  // A shortcut is unique within its scope; NULL owners are distinct in a plain unique index, so the shared scope has its own.
  (t) => [uniqueIndex('templates_personal').on(t.ownerId, t.shortcut), uniqueIndex('templates_shared').on(t.shortcut).where(sql`${t.ownerId} is null`)],
);

/** Each conversation's video-call room, drawn once: every invitation of the conversation names the same room. */
export const callRooms = sqliteTable('call_rooms', {
  conversationId: text('conversation_id')
    .primaryKey()
    .references(() => conversations.id, { onDelete: 'cascade' }),
  room: text('room').notNull(),
});
/** A customer's communications log: contact outside the chat (a call, an email, a meeting) that an agent wrote down. */
export const customerLog = sqliteTable(
  'customer_log',
  {
    id: text('id').primaryKey(),
    /** The customer's primary visitor; a link moves the linked visitor's entries to its new primary. */
    customerId: owned('customer_id', () => visitors.id),
    kind: text('kind', { enum: LOG_KINDS }).notNull(),
    minutes: integer('minutes'),
    text: text('text').notNull(),
    agentId: text('agent_id').references(() => agents.id, { onDelete: 'set null' }),
    at: integer('at').notNull(),
  },
  (t) => [index('customer_log_customer').on(t.customerId, t.at)],
);
