/**
 * Names and numbers both ends agree on, written once: the enum tuples the database schema and the
 * wire types are made from, the WebSocket close codes, and the URL parameters.
 */
/**
 * 'admin': everything, every conversation. 'team-admin': every conversation of their teams, assigns
 * them; is offered no grabs. 'agent': a representative, who sees their teams' conversations as each
 * team's mode allows.
 */
export const AGENT_ROLES = ['admin', 'team-admin', 'agent'] as const;
export type AgentRole = (typeof AGENT_ROLES)[number];

/**
 * How a team shares its conversations. 'collaboration': every member sees and joins them. 'grab':
 * a new conversation is offered to the team's available agents, and the first to grab it owns it;
 * the other agents no longer see it (team admins and admins still do).
 */
export const TEAM_MODES = ['collaboration', 'grab'] as const;
export type TeamMode = (typeof TEAM_MODES)[number];

/**
 * What the notification centre tells an agent of: a new conversation they may see, a new message
 * in one they joined or own, a grab team's new conversation offered to them, a customer waiting
 * past the overdue mark, a conversation that came in while nobody could answer.
 */
export const NOTIFICATION_KINDS = ['conversation', 'message', 'offer', 'overdue', 'missed'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export const AGENT_STATUSES = ['available', 'away'] as const;
export type AgentStatus = (typeof AGENT_STATUSES)[number];

export const AUTHORS = ['visitor', 'agent', 'system'] as const;
export type Author = (typeof AUTHORS)[number];

/**
 * What the transcript records beside messages: a 'system' message with the agent as its author
 * (none for the auto-reply). Stored as codes with parameters, so each reader renders them in their
 * own language. The visitor sees only VISITOR_EVENTS; the others reach agents alone.
 */
export const TRANSCRIPT_EVENTS = ['joined', 'left', 'closed', 'assigned', 'details', 'linked', 'autoReply'] as const;
export type TranscriptEvent = (typeof TRANSCRIPT_EVENTS)[number];
export const VISITOR_EVENTS: readonly TranscriptEvent[] = ['joined', 'closed', 'autoReply'];

export const CONVERSATION_STATUSES = ['open', 'closed'] as const;
export type ConversationStatus = (typeof CONVERSATION_STATUSES)[number];

/** How long a waiting customer has waited against the site's soonAfter and overdueAfter: raised by deadline jobs, reset by an answer. */
export const URGENCIES = ['none', 'soon', 'overdue'] as const;
export type Urgency = (typeof URGENCIES)[number];

/** Mail to a visitor stops once their address bounced or they unsubscribed. */
export const EMAIL_STATUSES = ['ok', 'bounced', 'unsubscribed'] as const;
export type EmailStatus = (typeof EMAIL_STATUSES)[number];

/** 'held': waiting for its address to be confirmed (see the email confirmation in the server's core/mail). */
export const OUTBOX_STATUSES = ['queued', 'sending', 'sent', 'failed', 'held'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

/** The codes of an error frame, on either socket. `unavailable`: the server cannot store now (a full disk); the same send may work later. */
export const ERROR_CODES = ['bad_frame', 'not_allowed', 'unknown_site', 'origin_not_allowed', 'not_found', 'bad_identity', 'unauthorized', 'rate_limited', 'unavailable', 'conflict', 'internal'] as const;

/** Why the server closed a socket (4000–4999 are the application's own). */
export const CLOSE = {
  /** The console's socket without a valid session: sign in again. */
  unauthorized: 4401,
  /** The node lost its fan-out for a moment (Redis restarted): reconnect, and resume from the last message held. */
  resync: 4012,
  /** The agent's role or teams changed: reconnect, and hear what the new rights allow. */
  rightsChanged: 4009,
  /** The widget runs on an origin its site does not allow. */
  originNotAllowed: 4403,
  /** The site key names no site. */
  unknownSite: 4404,
  /** No hello within the time allowed. */
  helloTimeout: 4408,
  /** Too many new visitors from this address: the error frame before it says when to try again. */
  rateLimited: 4429,
} as const;

/** The query parameter of the visitor socket's URL naming its site, so a foreign page is refused at the upgrade. */
export const SITE_PARAM = 'site';

/** The query parameter a "Continue the chat" link puts on the site's page for the widget to read. */
export const CONTINUE_PARAM = 'parley_continue';
