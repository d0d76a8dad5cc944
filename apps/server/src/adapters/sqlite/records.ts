/** The store's records made from SQLite rows: the one place a row becomes what the ports speak. */
import Bowser from 'bowser';
import { parseSiteSettings } from '@parley/protocol';
import type { Agent, Conversation, Message, Site, Team, Visitor } from '../../ports/store.ts';
import type * as t from './schema.ts';

export type SiteRow = typeof t.sites.$inferSelect;
export type AgentRow = typeof t.agents.$inferSelect;
export type VisitorRow = typeof t.visitors.$inferSelect;
export type ConversationRecordRow = typeof t.conversations.$inferSelect;
export type MessageRow = typeof t.messages.$inferSelect;

export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Error && 'code' in error && /^SQLITE_CONSTRAINT_(UNIQUE|PRIMARYKEY)/.test(String(error.code));
}

export const toSite = (row: SiteRow): Site => ({
  id: row.id,
  key: row.key,
  name: row.name,
  origins: row.origins,
  secret: row.secret,
  settings: parseSiteSettings(row.settings),
  isDemo: row.isDemo,
});

/**
 * A site's settings from their stored JSON text, each distinct text parsed once: a page of list
 * lines holds a few sites' settings many times over. Shared by both SQL stores' list lines.
 */
const parsedSettings = new Map<string, Site['settings']>();
export function settingsFromText(text: string): Site['settings'] {
  let settings = parsedSettings.get(text);
  if (!settings) {
    if (parsedSettings.size > 1000) parsedSettings.clear();
    settings = parseSiteSettings(JSON.parse(text));
    parsedSettings.set(text, settings);
  }
  return settings;
}

export const toTeam = (row: typeof t.teams.$inferSelect): Team => ({ name: row.name, mode: row.mode });

export const toAgent = (row: AgentRow): Agent => ({ id: row.id, email: row.email, name: row.name, role: row.role, status: row.status, awayAfter: row.awayAfter, sound: row.sound, desktop: row.desktop, teams: row.teams, lastSeenAt: row.lastSeenAt, disabledAt: row.disabledAt, avatar: row.avatar });

export const toVisitor = (v: VisitorRow): Visitor => ({
  id: v.id,
  siteId: v.siteId,
  userId: v.userId,
  customerId: v.customerId,
  name: v.name,
  email: v.email,
  phone: v.phone,
  emailStatus: v.emailStatus,
  lastActiveAt: v.lastActiveAt,
  visitStartedAt: v.visitStartedAt,
  visits: v.visits,
  page: v.pageUrl ? { url: v.pageUrl, title: v.pageTitle ?? '', referrer: v.referrer ?? '' } : null,
  referrer: v.referrer,
  browser: v.browser,
  os: v.os,
  language: v.language,
  timeZone: v.timeZone,
  location: v.countryCode || v.city ? { city: v.city, region: v.region, country: v.country, countryCode: v.countryCode } : null,
  createdAt: v.createdAt,
});

export const toConversation = (c: ConversationRecordRow): Conversation => ({
  id: c.id,
  siteId: c.siteId,
  visitorId: c.visitorId,
  status: c.status,
  lastSeq: c.lastSeq,
  visitorSeenSeq: c.visitorSeenSeq,
  visitorDeliveredSeq: c.visitorDeliveredSeq,
  agentDeliveredSeq: c.agentDeliveredSeq,
  agentSeenSeq: c.agentSeenSeq,
  missed: c.missed,
  answeredSeq: c.answeredSeq,
  waitingSince: c.waitingSince,
  urgency: c.urgency,
  agentCount: c.agentCount,
  assigneeId: c.assigneeId,
  createdAt: c.createdAt,
  updatedAt: c.updatedAt,
});

export const toMessage = (row: MessageRow, agentName: string | null, email: Message['email'] = null, subjectName: string | null = null): Message => ({
  id: row.id,
  conversationId: row.conversationId,
  seq: row.seq,
  clientId: row.clientId,
  author: row.author,
  agentId: row.agentId,
  agentName,
  event: row.event,
  subjectAgentId: row.subjectAgentId,
  subjectName,
  params: row.params,
  text: row.text,
  at: row.createdAt,
  email,
  attachment: row.attachment ?? null,
  call: row.callUrl === null ? null : { url: row.callUrl },
});

/** "Chrome 126" and "macOS Sonoma": parsed once, when the user agent is stored. */
export function parseUserAgent(userAgent: string): { browser: string | null; os: string | null } {
  const ua = Bowser.parse(userAgent);
  const version = ua.browser.version?.split('.')[0];
  return {
    browser: ua.browser.name ? [ua.browser.name, version].filter(Boolean).join(' ') : null,
    os: ua.os.name ? [ua.os.name, ua.os.versionName ?? ua.os.version].filter(Boolean).join(' ') : null,
  };
}

/** Makes every repository of the store from one drizzle handle; all synchronous. */

/** Columns come back snake_case from raw statements; drizzle's row shape is camelCase. */
export const rawConversation = (row: Record<string, unknown>): Conversation =>
  toConversation({
    id: row.id as string,
    siteId: row.site_id as string,
    visitorId: row.visitor_id as string,
    status: row.status as Conversation['status'],
    lastSeq: row.last_seq as number,
    visitorSeenSeq: row.visitor_seen_seq as number,
    visitorDeliveredSeq: row.visitor_delivered_seq as number,
    agentDeliveredSeq: row.agent_delivered_seq as number,
    agentSeenSeq: row.agent_seen_seq as number,
    emailedSeq: row.emailed_seq as number,
    missed: Boolean(row.missed),
    lastMessageId: row.last_message_id as string | null,
    answeredSeq: row.answered_seq as number,
    waitingSince: row.waiting_since as number | null,
    urgency: row.urgency as Conversation['urgency'],
    agentCount: row.agent_count as number,
    assigneeId: row.assignee_id as string | null,
    createdAt: row.created_at as number,
    updatedAt: row.updated_at as number,
  });
