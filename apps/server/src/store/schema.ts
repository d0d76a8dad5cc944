/** The database schema: the one place tables are described; drizzle-kit generates migrations from it. */
import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

const now = sql`(cast(unixepoch('subsecond') * 1000 as integer))`;

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
  role: text('role', { enum: ['admin', 'agent'] }).notNull(),
  passwordHash: text('password_hash').notNull(),
  createdAt: integer('created_at').notNull().default(now),
});

export const agentSessions = sqliteTable('agent_sessions', {
  /** SHA-256 of the cookie value: a leaked database does not leak sessions. */
  tokenHash: text('token_hash').primaryKey(),
  agentId: text('agent_id')
    .notNull()
    .references(() => agents.id, { onDelete: 'cascade' }),
  createdAt: integer('created_at').notNull().default(now),
  expiresAt: integer('expires_at').notNull(),
});

export const visitors = sqliteTable(
  'visitors',
  {
    id: text('id').primaryKey(),
    siteId: text('site_id')
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
    /** The site's own user id, set only through an identify call with a valid HMAC. */
    userId: text('user_id'),
    name: text('name'),
    email: text('email'),
    phone: text('phone'),
    createdAt: integer('created_at').notNull().default(now),
  },
  (t) => [uniqueIndex('visitors_user').on(t.siteId, t.userId)],
);

/** A visitor holds one token per browser; an identified visitor gains one on each device. */
export const visitorTokens = sqliteTable(
  'visitor_tokens',
  {
    /** SHA-256 of the token the browser keeps. */
    tokenHash: text('token_hash').notNull(),
    siteId: text('site_id')
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
    visitorId: text('visitor_id')
      .notNull()
      .references(() => visitors.id, { onDelete: 'cascade' }),
    createdAt: integer('created_at').notNull().default(now),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.tokenHash] })],
);

export const conversations = sqliteTable(
  'conversations',
  {
    id: text('id').primaryKey(),
    siteId: text('site_id')
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
    visitorId: text('visitor_id')
      .notNull()
      .references(() => visitors.id, { onDelete: 'cascade' }),
    status: text('status', { enum: ['open', 'closed'] })
      .notNull()
      .default('open'),
    /** Highest message seq given out; bumped in the same transaction as the insert. */
    lastSeq: integer('last_seq').notNull().default(0),
    createdAt: integer('created_at').notNull().default(now),
    updatedAt: integer('updated_at').notNull().default(now),
  },
  (t) => [index('conversations_visitor').on(t.visitorId), index('conversations_updated').on(t.updatedAt)],
);

export const conversationAgents = sqliteTable(
  'conversation_agents',
  {
    conversationId: text('conversation_id')
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    agentId: text('agent_id')
      .notNull()
      .references(() => agents.id, { onDelete: 'cascade' }),
    joinedAt: integer('joined_at').notNull().default(now),
  },
  (t) => [primaryKey({ columns: [t.conversationId, t.agentId] })],
);

export const messages = sqliteTable(
  'messages',
  {
    id: text('id').primaryKey(),
    conversationId: text('conversation_id')
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    seq: integer('seq').notNull(),
    /** The sender's id for the message: a retried send finds the stored one instead of storing twice. */
    clientId: text('client_id'),
    author: text('author', { enum: ['visitor', 'agent', 'system'] }).notNull(),
    agentId: text('agent_id').references(() => agents.id, { onDelete: 'set null' }),
    text: text('text').notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('messages_seq').on(t.conversationId, t.seq),
    uniqueIndex('messages_client').on(t.conversationId, t.clientId),
  ],
);

/** Installation-wide values, such as the one-time setup token. */
export const meta = sqliteTable('meta', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});
