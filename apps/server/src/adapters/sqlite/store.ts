/** The Store on SQLite through drizzle: each method is one statement or one transaction. */
import { randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3';
import { and, asc, desc, eq, gt, inArray, lt, ne } from 'drizzle-orm';
import { nanoid } from 'nanoid';
import type { Agent, ConversationSummary, Message, VisitorProfile } from '@parley/protocol';
import Bowser from 'bowser';
import type { Db } from './db.ts';
import { siteSettings } from '@parley/protocol';
import { ConflictError, NotFoundError } from '../../ports/errors.ts';
import { createSqliteMailStore, messageEmails } from './mail-store.ts';
import * as t from './schema.ts';
import type { Appended, Conversation, Site, Store, Visitor } from '../../ports/store.ts';

type MessageRow = typeof t.messages.$inferSelect;
type VisitorRow = typeof t.visitors.$inferSelect;
type AgentRow = typeof t.agents.$inferSelect;

/** A visit ends after this long without activity; the next page view starts another. */
const VISIT_GAP_MS = 30 * 60_000;

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Error && 'code' in error && String(error.code).startsWith('SQLITE_CONSTRAINT_UNIQUE');
}

export function displayName(v: Pick<VisitorRow, 'id' | 'name' | 'email'>): string {
  return v.name ?? v.email ?? `Visitor ${v.id.slice(-4).toUpperCase()}`;
}

function toAgent(row: AgentRow): Agent {
  return { id: row.id, email: row.email, name: row.name, role: row.role, status: row.status, awayAfter: row.awayAfter, team: row.team };
}

/** The visitor as agents see them; `online` is the hub's to know, so it starts false here. */
export function toProfile(v: VisitorRow): VisitorProfile {
  const ua = v.userAgent ? Bowser.parse(v.userAgent) : null;
  const version = ua?.browser.version?.split('.')[0];
  return {
    id: v.id,
    siteId: v.siteId,
    name: v.name,
    email: v.email,
    phone: v.phone,
    userId: v.userId,
    displayName: displayName(v),
    emailStatus: v.emailStatus,
    online: false,
    lastActiveAt: v.lastActiveAt,
    location: v.countryCode || v.city ? { city: v.city, region: v.region, country: v.country, countryCode: v.countryCode } : null,
    context: {
      page: v.pageUrl ? { url: v.pageUrl, title: v.pageTitle ?? '', referrer: v.referrer ?? '' } : null,
      referrer: v.referrer,
      firstSeenAt: v.createdAt,
      visits: v.visits,
      visitStartedAt: v.visitStartedAt,
      browser: ua?.browser.name ? [ua.browser.name, version].filter(Boolean).join(' ') : null,
      os: ua?.os.name ? [ua.os.name, ua.os.versionName ?? ua.os.version].filter(Boolean).join(' ') : null,
      language: v.language,
      timeZone: v.timeZone,
    },
  };
}

export function createSqliteStore(db: Db, sqlite: Database.Database): Store {
  const agentNames = new Map<string, string>();
  const agentName = (agentId: string | null): string | null => {
    if (!agentId) return null;
    let name = agentNames.get(agentId);
    if (name === undefined) {
      name = db.select({ name: t.agents.name }).from(t.agents).where(eq(t.agents.id, agentId)).get()?.name ?? '';
      agentNames.set(agentId, name);
    }
    return name || null;
  };

  /** `email` comes from the outbox: callers loading many messages look it up in one query (messageEmails). */
  const toMessage = (row: MessageRow, email: Message['email'] = null): Message => ({
    id: row.id,
    conversationId: row.conversationId,
    seq: row.seq,
    clientId: row.clientId,
    author: row.author,
    authorName: agentName(row.agentId),
    text: row.text,
    at: row.createdAt,
    email,
  });

  const conversationColumns = {
    id: t.conversations.id,
    siteId: t.conversations.siteId,
    visitorId: t.conversations.visitorId,
    status: t.conversations.status,
    lastSeq: t.conversations.lastSeq,
    missed: t.conversations.missed,
  };

  const conversationRow = (id: string): Conversation | null =>
    db
      .select(conversationColumns)
      .from(t.conversations)
      .where(eq(t.conversations.id, id))
      .get() ?? null;

  /** Inserts a message at the next seq, or returns the one already stored under its client id. */
  const append = (
    conversation: Conversation,
    input: { clientId: string; text: string; at: number; author: Message['author']; agentId: string | null },
  ): Appended => {
    const existing = db
      .select()
      .from(t.messages)
      .where(and(eq(t.messages.conversationId, conversation.id), eq(t.messages.clientId, input.clientId)))
      .get();
    if (existing) return { message: toMessage(existing), conversation, created: false };
    const seq = conversation.lastSeq + 1;
    const row = db
      .insert(t.messages)
      .values({ id: nanoid(), conversationId: conversation.id, seq, clientId: input.clientId, author: input.author, agentId: input.agentId, text: input.text, createdAt: input.at })
      .returning()
      .get();
    db.update(t.conversations)
      .set({ lastSeq: seq, updatedAt: input.at, status: 'open' })
      .where(eq(t.conversations.id, conversation.id))
      .run();
    return { message: toMessage(row), conversation: { ...conversation, lastSeq: seq, status: 'open' }, created: true };
  };

  const conversationOfVisitor = (visitorId: string): Conversation | null =>
    db
      .select(conversationColumns)
      .from(t.conversations)
      .where(eq(t.conversations.visitorId, visitorId))
      .orderBy(desc(t.conversations.createdAt))
      .get() ?? null;

  /** The visitor's one thread, created on first use; call inside a transaction. */
  const threadOf = (siteId: string, visitorId: string, at: number): Conversation => {
    const current = conversationOfVisitor(visitorId);
    if (current) return current;
    const visitor = db.select({ siteId: t.visitors.siteId }).from(t.visitors).where(eq(t.visitors.id, visitorId)).get();
    if (visitor?.siteId !== siteId) throw new NotFoundError(`No visitor ${visitorId} on this site.`);
    return db
      .insert(t.conversations)
      .values({ id: nanoid(), siteId, visitorId, createdAt: at, updatedAt: at })
      .returning(conversationColumns)
      .get();
  };

  /** The first visitor message after the last message from the site's side. */
  const waitingSince = (conversationId: string): number | null => {
    const answered = db
      .select({ seq: t.messages.seq })
      .from(t.messages)
      .where(and(eq(t.messages.conversationId, conversationId), ne(t.messages.author, 'visitor')))
      .orderBy(desc(t.messages.seq))
      .get();
    return (
      db
        .select({ at: t.messages.createdAt })
        .from(t.messages)
        .where(and(eq(t.messages.conversationId, conversationId), gt(t.messages.seq, answered?.seq ?? 0)))
        .orderBy(asc(t.messages.seq))
        .get()?.at ?? null
    );
  };

  const summaries = (where: { id?: string; limit: number }): ConversationSummary[] => {
    const rows = db
      .select({ c: t.conversations, v: t.visitors, siteName: t.sites.name, siteSettings: t.sites.settings })
      .from(t.conversations)
      .innerJoin(t.visitors, eq(t.visitors.id, t.conversations.visitorId))
      .innerJoin(t.sites, eq(t.sites.id, t.conversations.siteId))
      .where(where.id ? eq(t.conversations.id, where.id) : undefined)
      .orderBy(desc(t.conversations.updatedAt))
      .limit(where.limit)
      .all();
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.c.id);
    const participants = db
      .select({ conversationId: t.conversationAgents.conversationId, id: t.agents.id, name: t.agents.name })
      .from(t.conversationAgents)
      .innerJoin(t.agents, eq(t.agents.id, t.conversationAgents.agentId))
      .where(inArray(t.conversationAgents.conversationId, ids))
      .orderBy(asc(t.conversationAgents.joinedAt))
      .all();
    return rows.map(({ c, v, siteName, siteSettings: stored }) => {
      const settings = siteSettings(stored);
      const last = c.lastSeq
        ? db.select().from(t.messages).where(and(eq(t.messages.conversationId, c.id), eq(t.messages.seq, c.lastSeq))).get()
        : undefined;
      return {
        id: c.id,
        siteId: c.siteId,
        siteName,
        status: c.status,
        visitor: toProfile(v),
        lastMessage: last ? toMessage(last) : null,
        lastSeq: c.lastSeq,
        agents: participants.filter((p) => p.conversationId === c.id).map((p) => ({ id: p.id, name: p.name })),
        missed: c.missed,
        visitorSeenSeq: c.visitorSeenSeq,
        waitingSince: last?.author === 'visitor' ? waitingSince(c.id) : null,
        replyDue: { soonAfter: settings.soonAfter, overdueAfter: settings.overdueAfter },
        createdAt: c.createdAt,
        updatedAt: c.updatedAt,
      };
    });
  };

  const siteByKey = (key: string): Site | null => db.select().from(t.sites).where(eq(t.sites.key, key)).get() ?? null;

  const store: Store = {
    ...createSqliteMailStore(db, toMessage),
    async createSite({ name, origins, isDemo = false }) {
      return db
        .insert(t.sites)
        .values({ id: nanoid(), key: nanoid(16), name, origins, secret: randomBytes(32).toString('hex'), isDemo })
        .returning()
        .get();
    },
    async listSites() {
      return db.select().from(t.sites).orderBy(asc(t.sites.createdAt)).all();
    },
    async siteByKey(key) {
      return siteByKey(key);
    },
    async siteById(id) {
      return db.select().from(t.sites).where(eq(t.sites.id, id)).get() ?? null;
    },
    async updateSite(key, patch) {
      const row = db.update(t.sites).set(patch).where(eq(t.sites.key, key)).returning().get();
      if (!row) throw new NotFoundError(`No site has the key ${key}.`);
      return row;
    },

    async createAgent({ email, name, role, passwordHash }) {
      try {
        const row = db.insert(t.agents).values({ id: nanoid(), email: email.toLowerCase(), name, role, passwordHash }).returning().get();
        return toAgent(row);
      } catch (error) {
        if (isUniqueViolation(error)) throw new ConflictError(`An agent with the email ${email} exists already.`);
        throw error;
      }
    },
    async agentCredentials(email) {
      const row = db.select().from(t.agents).where(eq(t.agents.email, email.toLowerCase())).get();
      return row ? { agent: toAgent(row), passwordHash: row.passwordHash } : null;
    },
    async countAgents() {
      return db.$count(t.agents);
    },
    async createSession(input) {
      db.insert(t.agentSessions).values(input).run();
    },
    async agentBySession(tokenHash, now) {
      const row = db
        .select({ agent: t.agents, expiresAt: t.agentSessions.expiresAt })
        .from(t.agentSessions)
        .innerJoin(t.agents, eq(t.agents.id, t.agentSessions.agentId))
        .where(eq(t.agentSessions.tokenHash, tokenHash))
        .get();
      if (!row || row.expiresAt <= now) return null;
      return toAgent(row.agent);
    },
    async deleteSession(tokenHash) {
      db.delete(t.agentSessions).where(eq(t.agentSessions.tokenHash, tokenHash)).run();
    },

    async createVisitor({ siteId, tokenHash }) {
      return db.transaction(() => {
        const row = db.insert(t.visitors).values({ id: nanoid(), siteId }).returning().get();
        db.insert(t.visitorTokens).values({ siteId, visitorId: row.id, tokenHash }).run();
        return toVisitor(row);
      });
    },
    async visitorByToken(siteId, tokenHash) {
      const row = db
        .select({ v: t.visitors })
        .from(t.visitorTokens)
        .innerJoin(t.visitors, eq(t.visitors.id, t.visitorTokens.visitorId))
        .where(and(eq(t.visitorTokens.siteId, siteId), eq(t.visitorTokens.tokenHash, tokenHash)))
        .get();
      return row ? toVisitor(row.v) : null;
    },
    async addVisitorToken(input) {
      db.insert(t.visitorTokens).values(input).run();
    },
    async visitorById(id) {
      const row = db.select().from(t.visitors).where(eq(t.visitors.id, id)).get();
      return row ? toVisitor(row) : null;
    },
    async visitorByUserId(siteId, userId) {
      const row = db.select().from(t.visitors).where(and(eq(t.visitors.siteId, siteId), eq(t.visitors.userId, userId))).get();
      return row ? toVisitor(row) : null;
    },
    async updateVisitor(id, patch) {
      const before = db.select({ email: t.visitors.email }).from(t.visitors).where(eq(t.visitors.id, id)).get();
      // A new address has neither bounced nor unsubscribed.
      const fresh = patch.email !== undefined && patch.email?.toLowerCase() !== before?.email?.toLowerCase();
      const row = db
        .update(t.visitors)
        .set(fresh ? { ...patch, emailStatus: 'ok' } : patch)
        .where(eq(t.visitors.id, id))
        .returning()
        .get();
      if (!row) throw new NotFoundError(`No visitor has the id ${id}.`);
      return toVisitor(row);
    },

    async conversationOfVisitor(visitorId) {
      return conversationOfVisitor(visitorId);
    },
    async conversation(id) {
      return conversationRow(id);
    },
    async appendVisitorMessage({ siteId, visitorId, clientId, text, at }) {
      return db.transaction(() => append(threadOf(siteId, visitorId, at), { clientId, text, at, author: 'visitor', agentId: null }));
    },
    async appendAgentMessageToVisitor({ siteId, visitorId, agentId, clientId, text, at }) {
      return db.transaction(() => {
        const conversation = threadOf(siteId, visitorId, at);
        db.insert(t.conversationAgents).values({ conversationId: conversation.id, agentId }).onConflictDoNothing().run();
        return append(conversation, { clientId, text, at, author: 'agent', agentId });
      });
    },
    async appendSystemMessage({ conversationId, clientId, text, at }) {
      return db.transaction(() => {
        const conversation = conversationRow(conversationId);
        if (!conversation) throw new NotFoundError(`No conversation has the id ${conversationId}.`);
        return append(conversation, { clientId, text, at, author: 'system', agentId: null });
      });
    },
    async silentConversations(siteId, before) {
      return db
        .select({ id: t.conversations.id })
        .from(t.conversations)
        .where(and(eq(t.conversations.siteId, siteId), eq(t.conversations.status, 'open'), lt(t.conversations.updatedAt, before)))
        .all()
        .map((row) => row.id);
    },
    async setMissed(conversationId, missed) {
      db.update(t.conversations).set({ missed }).where(eq(t.conversations.id, conversationId)).run();
    },
    async appendAgentMessage({ conversationId, agentId, clientId, text, at }) {
      return db.transaction(() => {
        const conversation = conversationRow(conversationId);
        if (!conversation) throw new NotFoundError(`No conversation has the id ${conversationId}.`);
        db.insert(t.conversationAgents).values({ conversationId, agentId }).onConflictDoNothing().run();
        return append(conversation, { clientId, text, at, author: 'agent', agentId });
      });
    },
    async messagesSince(conversationId, since) {
      const where = and(eq(t.messages.conversationId, conversationId), gt(t.messages.seq, since));
      const emails = messageEmails(db, where);
      return db
        .select()
        .from(t.messages)
        .where(where)
        .orderBy(asc(t.messages.seq))
        .all()
        .map((row) => toMessage(row, emails.get(row.id)));
    },
    async summary(conversationId) {
      return summaries({ id: conversationId, limit: 1 })[0] ?? null;
    },
    async listConversations(limit) {
      return summaries({ limit });
    },
    async join(conversationId, agentId) {
      if (!conversationRow(conversationId)) throw new NotFoundError(`No conversation has the id ${conversationId}.`);
      db.insert(t.conversationAgents).values({ conversationId, agentId }).onConflictDoNothing().run();
    },
    async leave(conversationId, agentId) {
      db.delete(t.conversationAgents)
        .where(and(eq(t.conversationAgents.conversationId, conversationId), eq(t.conversationAgents.agentId, agentId)))
        .run();
    },
    async closeConversation(conversationId, at) {
      const row = db
        .update(t.conversations)
        .set({ status: 'closed', updatedAt: at })
        .where(eq(t.conversations.id, conversationId))
        .returning({ id: t.conversations.id })
        .get();
      if (!row) throw new NotFoundError(`No conversation has the id ${conversationId}.`);
    },

    async listAgents() {
      return db.select().from(t.agents).orderBy(asc(t.agents.name)).all().map(toAgent);
    },
    async agentById(id) {
      const row = db.select().from(t.agents).where(eq(t.agents.id, id)).get();
      return row ? toAgent(row) : null;
    },
    async updateAgent(id, patch) {
      const row = db.update(t.agents).set(patch).where(eq(t.agents.id, id)).returning().get();
      if (!row) throw new NotFoundError(`No agent has the id ${id}.`);
      if (patch.name) agentNames.delete(id);
      return toAgent(row);
    },

    async visitorProfile(id) {
      const row = db.select().from(t.visitors).where(eq(t.visitors.id, id)).get();
      return row ? toProfile(row) : null;
    },
    async visitorProfiles(ids) {
      if (ids.length === 0) return [];
      return db.select().from(t.visitors).where(inArray(t.visitors.id, ids)).all().map(toProfile);
    },
    async recordPageView(id, { at, page, userAgent, language, timeZone }) {
      db.transaction(() => {
        const row = db.select().from(t.visitors).where(eq(t.visitors.id, id)).get();
        if (!row) throw new NotFoundError(`No visitor has the id ${id}.`);
        const newVisit = row.visitStartedAt === null || (row.lastActiveAt ?? 0) < at - VISIT_GAP_MS;
        db.update(t.visitors)
          .set({
            lastActiveAt: at,
            ...(newVisit ? { visits: row.visits + 1, visitStartedAt: at } : {}),
            ...(page ? { pageUrl: page.url, pageTitle: page.title } : {}),
            ...(row.referrer === null && page?.referrer ? { referrer: page.referrer } : {}),
            ...(userAgent ? { userAgent } : {}),
            ...(language ? { language } : {}),
            ...(timeZone ? { timeZone } : {}),
          })
          .where(eq(t.visitors.id, id))
          .run();
      });
    },
    async recordActivity(id, at) {
      db.update(t.visitors).set({ lastActiveAt: at }).where(eq(t.visitors.id, id)).run();
    },
    async setLocation(id, location, ip) {
      db.update(t.visitors)
        .set({ ip, city: location?.city ?? null, region: location?.region ?? null, country: location?.country ?? null, countryCode: location?.countryCode ?? null })
        .where(eq(t.visitors.id, id))
        .run();
    },

    async getMeta(key) {
      return db.select().from(t.meta).where(eq(t.meta.key, key)).get()?.value ?? null;
    },
    async setMeta(key, value) {
      db.insert(t.meta).values({ key, value }).onConflictDoUpdate({ target: t.meta.key, set: { value } }).run();
    },
    async deleteMeta(key) {
      db.delete(t.meta).where(eq(t.meta.key, key)).run();
    },

    async backup(file) {
      await sqlite.backup(file);
    },
    dispose() {
      sqlite.close();
    },
  };
  return store;
}

function toVisitor(row: VisitorRow): Visitor {
  return { id: row.id, siteId: row.siteId, userId: row.userId, name: row.name, email: row.email, phone: row.phone, createdAt: row.createdAt };
}
