/**
 * The store's contract: every read and write of Parley's data goes through it, so another
 * database (PostgreSQL) can stand in without touching routes, sockets or clients.
 * Methods are async for that reason even though SQLite answers synchronously.
 */
import type { Agent, ConversationStatus, ConversationSummary, Location, Message, PageInfo, VisitorProfile } from '@parley/protocol';
import type { MailStore } from './mail-store.ts';

export interface Site {
  id: string;
  key: string;
  name: string;
  origins: string[];
  secret: string;
  settings: Record<string, unknown>;
  isDemo: boolean;
}

export interface Visitor {
  id: string;
  siteId: string;
  userId: string | null;
  name: string | null;
  email: string | null;
  phone: string | null;
  createdAt: number;
}

export interface Conversation {
  id: string;
  siteId: string;
  visitorId: string;
  status: ConversationStatus;
  lastSeq: number;
  missed: boolean;
}

export interface Appended {
  message: Message;
  conversation: Conversation;
  /** False when the client id was already stored: the send was a retry. */
  created: boolean;
}

export interface Store extends MailStore {
  createSite(input: { name: string; origins: string[]; isDemo?: boolean }): Promise<Site>;
  listSites(): Promise<Site[]>;
  siteByKey(key: string): Promise<Site | null>;
  siteById(id: string): Promise<Site | null>;
  updateSite(key: string, patch: Partial<Pick<Site, 'name' | 'origins' | 'settings'>>): Promise<Site>;

  createAgent(input: { email: string; name: string; role: Agent['role']; passwordHash: string }): Promise<Agent>;
  agentCredentials(email: string): Promise<{ agent: Agent; passwordHash: string } | null>;
  countAgents(): Promise<number>;
  createSession(input: { tokenHash: string; agentId: string; expiresAt: number }): Promise<void>;
  agentBySession(tokenHash: string, now: number): Promise<Agent | null>;
  deleteSession(tokenHash: string): Promise<void>;

  createVisitor(input: { siteId: string; tokenHash: string }): Promise<Visitor>;
  visitorByToken(siteId: string, tokenHash: string): Promise<Visitor | null>;
  visitorById(id: string): Promise<Visitor | null>;
  addVisitorToken(input: { siteId: string; visitorId: string; tokenHash: string }): Promise<void>;
  visitorByUserId(siteId: string, userId: string): Promise<Visitor | null>;
  updateVisitor(id: string, patch: Partial<Pick<Visitor, 'name' | 'email' | 'phone' | 'userId'>>): Promise<Visitor>;

  /** The visitor's conversation: each visitor has one thread, reopened when they write again. */
  conversationOfVisitor(visitorId: string): Promise<Conversation | null>;
  conversation(id: string): Promise<Conversation | null>;
  appendVisitorMessage(input: { siteId: string; visitorId: string; clientId: string; text: string; at: number }): Promise<Appended>;
  /** Stores an agent's reply and makes the agent a participant. */
  appendAgentMessage(input: { conversationId: string; agentId: string; clientId: string; text: string; at: number }): Promise<Appended>;
  messagesSince(conversationId: string, since: number): Promise<Message[]>;
  summary(conversationId: string): Promise<ConversationSummary | null>;
  listConversations(limit: number): Promise<ConversationSummary[]>;
  join(conversationId: string, agentId: string): Promise<void>;
  leave(conversationId: string, agentId: string): Promise<void>;
  closeConversation(conversationId: string, at: number): Promise<void>;

  listAgents(): Promise<Agent[]>;
  agentById(id: string): Promise<Agent | null>;
  updateAgent(id: string, patch: Partial<Pick<Agent, 'status' | 'awayAfter' | 'team' | 'name'>>): Promise<Agent>;

  visitorProfile(id: string): Promise<VisitorProfile | null>;
  visitorProfiles(ids: string[]): Promise<VisitorProfile[]>;
  /** A page load: counts a new visit after 30 quiet minutes, keeps the browser's context, and is activity. */
  recordPageView(id: string, view: { at: number; page: PageInfo | null; userAgent: string | null; language: string | null; timeZone: string | null }): Promise<void>;
  recordActivity(id: string, at: number): Promise<void>;
  setLocation(id: string, location: Location | null, ip: string | null): Promise<void>;
  /** Stores an agent's first word to a visitor, starting their conversation when they have none. */
  appendAgentMessageToVisitor(input: { siteId: string; visitorId: string; agentId: string; clientId: string; text: string; at: number }): Promise<Appended>;
  appendSystemMessage(input: { conversationId: string; clientId: string; text: string; at: number }): Promise<Appended>;
  setMissed(conversationId: string, missed: boolean): Promise<void>;
  /** Open conversations of a site with nothing new since `before`. */
  silentConversations(siteId: string, before: number): Promise<string[]>;

  getMeta(key: string): Promise<string | null>;
  setMeta(key: string, value: string): Promise<void>;
  deleteMeta(key: string): Promise<void>;

  /** A consistent copy of the whole database, taken while it is in use. */
  backup(file: string): Promise<void>;
  dispose(): void;
}
