/**
 * The Store on SQLite. better-sqlite3 answers synchronously, so the repositories are synchronous
 * functions of a drizzle handle; the Store wraps them in one write lock. Transactions asked for in
 * the same turn of the event loop are committed together (group commit), and none resolves before
 * that commit: an ack sent after `transaction` means stored. Should one of a group throw, the
 * group is rolled back and each runs again alone, so one failure never undoes its neighbours.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3';
import { and, asc, count, desc, eq, gt, inArray, lt, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { nanoid } from 'nanoid';
import Bowser from 'bowser';
import { parseSiteSettings } from '@parley/protocol';
import { ConflictError, NotFoundError } from '../../ports/errors.ts';
import type { Agent, Appended, Conversation, ConversationRow, Message, Site, Store, StoreTx, Visitor } from '../../ports/store.ts';
import { type Db, openDatabase } from './db.ts';
import { cancelJob, scheduleJob } from './jobs.ts';
import { createSqliteMailStore, messageEmails } from './mail-store.ts';
import * as t from './schema.ts';

type SiteRow = typeof t.sites.$inferSelect;
type AgentRow = typeof t.agents.$inferSelect;
type VisitorRow = typeof t.visitors.$inferSelect;
type ConversationRecordRow = typeof t.conversations.$inferSelect;
type MessageRow = typeof t.messages.$inferSelect;

/** A visit ends after this long without activity; the next page view starts another. */
const VISIT_GAP_MS = 30 * 60_000;

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Error && 'code' in error && String(error.code).startsWith('SQLITE_CONSTRAINT_UNIQUE');
}

const toSite = (row: SiteRow): Site => ({
  id: row.id,
  key: row.key,
  name: row.name,
  origins: row.origins,
  secret: row.secret,
  settings: parseSiteSettings(row.settings),
  isDemo: row.isDemo,
});

const toAgent = (row: AgentRow): Agent => ({ id: row.id, email: row.email, name: row.name, role: row.role, status: row.status, awayAfter: row.awayAfter, team: row.team, lastSeenAt: row.lastSeenAt });

const toVisitor = (v: VisitorRow): Visitor => ({
  id: v.id,
  siteId: v.siteId,
  userId: v.userId,
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

const toConversation = (c: ConversationRecordRow): Conversation => ({
  id: c.id,
  siteId: c.siteId,
  visitorId: c.visitorId,
  status: c.status,
  lastSeq: c.lastSeq,
  visitorSeenSeq: c.visitorSeenSeq,
  missed: c.missed,
  answeredSeq: c.answeredSeq,
  waitingSince: c.waitingSince,
  agentCount: c.agentCount,
  createdAt: c.createdAt,
  updatedAt: c.updatedAt,
});

export const toMessage = (row: MessageRow, agentName: string | null, email: Message['email'] = null): Message => ({
  id: row.id,
  conversationId: row.conversationId,
  seq: row.seq,
  clientId: row.clientId,
  author: row.author,
  agentId: row.agentId,
  agentName,
  text: row.text,
  at: row.createdAt,
  email,
});

/** "Chrome 126" and "macOS Sonoma": parsed once, when the user agent is stored. */
function parseUserAgent(userAgent: string): { browser: string | null; os: string | null } {
  const ua = Bowser.parse(userAgent);
  const version = ua.browser.version?.split('.')[0];
  return {
    browser: ua.browser.name ? [ua.browser.name, version].filter(Boolean).join(' ') : null,
    os: ua.os.name ? [ua.os.name, ua.os.versionName ?? ua.os.version].filter(Boolean).join(' ') : null,
  };
}

/** Makes every repository of the store from one drizzle handle; all synchronous. */
function repositories(db: Db, sqlite: Database.Database) {
  const authors = alias(t.agents, 'authors');
  const messageColumns = { m: t.messages, agentName: authors.name };
  const selectMessages = () => db.select(messageColumns).from(t.messages).leftJoin(authors, eq(authors.id, t.messages.agentId));

  // The send path: prepared once, run for every message.
  const existingMessage = sqlite.prepare<[string, string], { id: string }>('SELECT id FROM messages WHERE conversation_id = ? AND client_id = ?');
  // One statement gives the message its seq and keeps the list fields: the new seq is last_seq + 1,
  // read before the update (SQLite evaluates every SET against the old row).
  const afterVisitorMessage = sqlite.prepare(
    "UPDATE conversations SET last_seq = last_seq + 1, updated_at = @at, status = 'open', last_message_id = @id, waiting_since = coalesce(waiting_since, @at) WHERE id = @conversationId RETURNING *",
  );
  const afterSiteMessage = sqlite.prepare(
    "UPDATE conversations SET last_seq = last_seq + 1, updated_at = @at, status = 'open', last_message_id = @id, answered_seq = last_seq + 1, waiting_since = NULL WHERE id = @conversationId RETURNING *",
  );
  const insertMessage = sqlite.prepare(
    'INSERT INTO messages (id, conversation_id, seq, client_id, author, agent_id, text, created_at) VALUES (@id, @conversationId, @seq, @clientId, @author, @agentId, @text, @at)',
  );
  const agentNameOf = sqlite.prepare<[string], { name: string }>('SELECT name FROM agents WHERE id = ?').pluck();
  // Read on every message: raw statements, mapped by hand, skip drizzle's row mapping.
  const conversationByIdRaw = sqlite.prepare<[string], Record<string, unknown>>('SELECT * FROM conversations WHERE id = ?');
  const conversationOfVisitorRaw = sqlite.prepare<[string], Record<string, unknown>>('SELECT * FROM conversations WHERE visitor_id = ? ORDER BY created_at DESC LIMIT 1');
  const conversationById = (id: string) => {
    const row = conversationByIdRaw.get(id);
    return row ? rawConversation(row) : null;
  };
  const conversationOfVisitor = (visitorId: string) => {
    const row = conversationOfVisitorRaw.get(visitorId);
    return row ? rawConversation(row) : null;
  };

  const siteById = db.select().from(t.sites).where(eq(t.sites.id, sql.placeholder('id'))).prepare();
  const siteByKey = db.select().from(t.sites).where(eq(t.sites.key, sql.placeholder('key'))).prepare();
  const agentsByName = db.select().from(t.agents).orderBy(asc(t.agents.name)).prepare();
  const agentById = db.select().from(t.agents).where(eq(t.agents.id, sql.placeholder('id'))).prepare();
  const visitorById = db.select().from(t.visitors).where(eq(t.visitors.id, sql.placeholder('id'))).prepare();
  const touchVisitor = db.update(t.visitors).set({ lastActiveAt: sql`${sql.placeholder('at')}` }).where(eq(t.visitors.id, sql.placeholder('id'))).prepare();
  // Settings as stored text: a page of 500 lines holds a few sites' settings, each parsed once.
  const rowColumns = { c: t.conversations, v: t.visitors, siteName: t.sites.name, siteSettings: sql<string>`${t.sites.settings}`, last: t.messages, lastAgentName: authors.name };
  const parsedSettings = new Map<string, Site['settings']>();
  const settingsOf = (text: string) => {
    let settings = parsedSettings.get(text);
    if (!settings) {
      if (parsedSettings.size > 1000) parsedSettings.clear();
      settings = parseSiteSettings(JSON.parse(text));
      parsedSettings.set(text, settings);
    }
    return settings;
  };
  const selectRows = () =>
    db
      .select(rowColumns)
      .from(t.conversations)
      .innerJoin(t.visitors, eq(t.visitors.id, t.conversations.visitorId))
      .innerJoin(t.sites, eq(t.sites.id, t.conversations.siteId))
      .leftJoin(t.messages, eq(t.messages.id, t.conversations.lastMessageId))
      .leftJoin(authors, eq(authors.id, t.messages.agentId));
  const participantColumns = { conversationId: t.conversationAgents.conversationId, id: t.agents.id, name: t.agents.name };
  const participantsWhere = (where: SQL) =>
    db
      .select(participantColumns)
      .from(t.conversationAgents)
      .innerJoin(t.agents, eq(t.agents.id, t.conversationAgents.agentId))
      .where(where)
      .orderBy(asc(t.conversationAgents.joinedAt));
  // A conversation's list line changes with every message: its two statements are prepared once.
  const rowById = selectRows().where(eq(t.conversations.id, sql.placeholder('id'))).prepare();
  const participantsOf = participantsWhere(eq(t.conversationAgents.conversationId, sql.placeholder('id'))).prepare();

  const messageById = (id: string): Message => {
    const row = selectMessages().where(eq(t.messages.id, id)).get()!;
    return toMessage(row.m, row.agentName);
  };

  /** Columns come back snake_case from raw statements; drizzle's row shape is camelCase. */
  const rawConversation = (row: Record<string, unknown>): Conversation =>
    toConversation({
      id: row.id as string,
      siteId: row.site_id as string,
      visitorId: row.visitor_id as string,
      status: row.status as Conversation['status'],
      lastSeq: row.last_seq as number,
      visitorSeenSeq: row.visitor_seen_seq as number,
      emailedSeq: row.emailed_seq as number,
      missed: Boolean(row.missed),
      lastMessageId: row.last_message_id as string | null,
      answeredSeq: row.answered_seq as number,
      waitingSince: row.waiting_since as number | null,
      agentCount: row.agent_count as number,
      createdAt: row.created_at as number,
      updatedAt: row.updated_at as number,
    });

  type RowResult = Awaited<ReturnType<typeof rowById.get>> & object;
  const toRow = (r: RowResult, agents: Array<{ id: string; name: string }>): ConversationRow => ({
    conversation: toConversation(r.c),
    visitor: toVisitor(r.v),
    siteName: r.siteName,
    siteSettings: settingsOf(r.siteSettings),
    lastMessage: r.last ? toMessage(r.last, r.lastAgentName) : null,
    agents,
  });

  /** One statement for the rows and one for all their agents, whatever the page's length. */
  const rowsOf = (where: ReturnType<typeof eq> | undefined, limit: number): ConversationRow[] => {
    const rows = selectRows().where(where).orderBy(desc(t.conversations.updatedAt)).limit(limit).all();
    if (rows.length === 0) return [];
    const participants = participantsWhere(inArray(t.conversationAgents.conversationId, rows.map((r) => r.c.id))).all();
    const agentsOf = new Map<string, Array<{ id: string; name: string }>>();
    for (const { conversationId, id, name } of participants) agentsOf.set(conversationId, [...(agentsOf.get(conversationId) ?? []), { id, name }]);
    return rows.map((r) => toRow(r, agentsOf.get(r.c.id) ?? []));
  };

  const visitorRow = (id: string) => visitorById.get({ id });

  return {
    sites: {
      create({ name, origins, isDemo = false }: { name: string; origins: string[]; isDemo?: boolean }) {
        return toSite(db.insert(t.sites).values({ id: nanoid(), key: nanoid(16), name, origins, secret: randomBytes(32).toString('hex'), isDemo }).returning().get());
      },
      list: () => db.select().from(t.sites).orderBy(asc(t.sites.createdAt)).all().map(toSite),
      byKey(key: string) {
        const row = siteByKey.get({ key });
        return row ? toSite(row) : null;
      },
      byId(id: string) {
        const row = siteById.get({ id });
        return row ? toSite(row) : null;
      },
      update(key: string, patch: { name?: string; origins?: string[]; settings?: Site['settings'] }) {
        const row = db.update(t.sites).set(patch).where(eq(t.sites.key, key)).returning().get();
        if (!row) throw new NotFoundError(`No site has the key ${key}.`);
        return toSite(row);
      },
    },

    agents: {
      create({ email, name, role, team = '', passwordHash }: { email: string; name: string; role: Agent['role']; team?: string; passwordHash: string }) {
        try {
          return toAgent(db.insert(t.agents).values({ id: nanoid(), email: email.toLowerCase(), name, role, team, passwordHash }).returning().get());
        } catch (error) {
          if (isUniqueViolation(error)) throw new ConflictError(`An agent with the email ${email} exists already.`);
          throw error;
        }
      },
      credentials(email: string) {
        const row = db.select().from(t.agents).where(eq(t.agents.email, email.toLowerCase())).get();
        return row ? { agent: toAgent(row), passwordHash: row.passwordHash } : null;
      },
      count: () => db.select({ n: count() }).from(t.agents).get()!.n,
      list: () => agentsByName.all().map(toAgent),
      byId(id: string) {
        const row = agentById.get({ id });
        return row ? toAgent(row) : null;
      },
      update(id: string, patch: Partial<Pick<Agent, 'status' | 'awayAfter' | 'team' | 'name' | 'lastSeenAt'>>) {
        const row = db.update(t.agents).set(patch).where(eq(t.agents.id, id)).returning().get();
        if (!row) throw new NotFoundError(`No agent has the id ${id}.`);
        return toAgent(row);
      },
    },

    sessions: {
      create(input: { tokenHash: string; agentId: string; expiresAt: number }) {
        db.insert(t.agentSessions).values(input).run();
      },
      agent(tokenHash: string, now: number) {
        const row = db
          .select({ agent: t.agents, expiresAt: t.agentSessions.expiresAt })
          .from(t.agentSessions)
          .innerJoin(t.agents, eq(t.agents.id, t.agentSessions.agentId))
          .where(eq(t.agentSessions.tokenHash, tokenHash))
          .get();
        return row && row.expiresAt > now ? toAgent(row.agent) : null;
      },
      delete(tokenHash: string) {
        db.delete(t.agentSessions).where(eq(t.agentSessions.tokenHash, tokenHash)).run();
      },
    },

    visitors: {
      create({ siteId, tokenHash }: { siteId: string; tokenHash: string }) {
        const row = db.insert(t.visitors).values({ id: nanoid(), siteId }).returning().get();
        db.insert(t.visitorTokens).values({ siteId, visitorId: row.id, tokenHash }).run();
        return toVisitor(row);
      },
      byToken(siteId: string, tokenHash: string) {
        const row = db
          .select({ v: t.visitors })
          .from(t.visitorTokens)
          .innerJoin(t.visitors, eq(t.visitors.id, t.visitorTokens.visitorId))
          .where(and(eq(t.visitorTokens.siteId, siteId), eq(t.visitorTokens.tokenHash, tokenHash)))
          .get();
        return row ? toVisitor(row.v) : null;
      },
      byId(id: string) {
        const row = visitorRow(id);
        return row ? toVisitor(row) : null;
      },
      byIds(ids: readonly string[]) {
        return ids.length === 0 ? [] : db.select().from(t.visitors).where(inArray(t.visitors.id, [...ids])).all().map(toVisitor);
      },
      byUserId(siteId: string, userId: string) {
        const row = db.select().from(t.visitors).where(and(eq(t.visitors.siteId, siteId), eq(t.visitors.userId, userId))).get();
        return row ? toVisitor(row) : null;
      },
      addToken(input: { siteId: string; visitorId: string; tokenHash: string }) {
        db.insert(t.visitorTokens).values(input).run();
      },
      update(id: string, patch: Partial<Pick<Visitor, 'name' | 'email' | 'phone' | 'userId'>>) {
        const before = visitorRow(id);
        if (!before) throw new NotFoundError(`No visitor has the id ${id}.`);
        const fresh = patch.email !== undefined && patch.email?.toLowerCase() !== before.email?.toLowerCase();
        return toVisitor(db.update(t.visitors).set(fresh ? { ...patch, emailStatus: 'ok' } : patch).where(eq(t.visitors.id, id)).returning().get()!);
      },
      recordPageView(id: string, { at, page, userAgent, language, timeZone }: { at: number; page: Visitor['page']; userAgent: string | null; language: string | null; timeZone: string | null }) {
        const row = visitorRow(id);
        if (!row) throw new NotFoundError(`No visitor has the id ${id}.`);
        const newVisit = row.visitStartedAt === null || (row.lastActiveAt ?? 0) < at - VISIT_GAP_MS;
        db.update(t.visitors)
          .set({
            lastActiveAt: at,
            ...(newVisit ? { visits: row.visits + 1, visitStartedAt: at } : {}),
            ...(page ? { pageUrl: page.url, pageTitle: page.title } : {}),
            ...(row.referrer === null && page?.referrer ? { referrer: page.referrer } : {}),
            ...(userAgent && userAgent !== row.userAgent ? { userAgent, ...parseUserAgent(userAgent) } : {}),
            ...(language ? { language } : {}),
            ...(timeZone ? { timeZone } : {}),
          })
          .where(eq(t.visitors.id, id))
          .run();
      },
      recordActivity(id: string, at: number) {
        touchVisitor.run({ id, at });
      },
      setLocation(id: string, location: Visitor['location'], ip: string | null) {
        db.update(t.visitors)
          .set({ ip, city: location?.city ?? null, region: location?.region ?? null, country: location?.country ?? null, countryCode: location?.countryCode ?? null })
          .where(eq(t.visitors.id, id))
          .run();
      },
    },

    conversations: {
      byId: conversationById,
      ofVisitor: conversationOfVisitor,
      ensureOfVisitor({ siteId, visitorId, at }: { siteId: string; visitorId: string; at: number }) {
        const current = conversationOfVisitor(visitorId);
        if (current) return current;
        const visitor = db.select({ siteId: t.visitors.siteId }).from(t.visitors).where(eq(t.visitors.id, visitorId)).get();
        if (visitor?.siteId !== siteId) throw new NotFoundError(`No visitor ${visitorId} on this site.`);
        return toConversation(db.insert(t.conversations).values({ id: nanoid(), siteId, visitorId, createdAt: at, updatedAt: at }).returning().get());
      },
      page({ siteIds, limit }: { siteIds: readonly string[] | null; limit: number }) {
        if (siteIds?.length === 0) return [];
        return rowsOf(siteIds ? inArray(t.conversations.siteId, [...siteIds]) : undefined, limit);
      },
      row(id: string) {
        const row = rowById.get({ id });
        return row ? toRow(row, participantsOf.all({ id }).map(({ id: agentId, name }) => ({ id: agentId, name }))) : null;
      },
      join(conversationId: string, agentId: string, at: number) {
        if (!conversationById(conversationId)) throw new NotFoundError(`No conversation has the id ${conversationId}.`);
        const added = db.insert(t.conversationAgents).values({ conversationId, agentId, joinedAt: at }).onConflictDoNothing().run().changes > 0;
        if (added) db.update(t.conversations).set({ agentCount: sql`${t.conversations.agentCount} + 1` }).where(eq(t.conversations.id, conversationId)).run();
        return added;
      },
      leave(conversationId: string, agentId: string) {
        const removed =
          db.delete(t.conversationAgents).where(and(eq(t.conversationAgents.conversationId, conversationId), eq(t.conversationAgents.agentId, agentId))).run().changes > 0;
        if (removed) db.update(t.conversations).set({ agentCount: sql`${t.conversations.agentCount} - 1` }).where(eq(t.conversations.id, conversationId)).run();
        return removed;
      },
      close(conversationId: string, at: number) {
        const row = db.update(t.conversations).set({ status: 'closed', updatedAt: at }).where(eq(t.conversations.id, conversationId)).returning({ id: t.conversations.id }).get();
        if (!row) throw new NotFoundError(`No conversation has the id ${conversationId}.`);
      },
      setMissed(conversationId: string, missed: boolean) {
        db.update(t.conversations).set({ missed }).where(eq(t.conversations.id, conversationId)).run();
      },
      markVisitorSeen(conversationId: string, seq: number) {
        db.update(t.conversations)
          .set({ visitorSeenSeq: sql`max(${t.conversations.visitorSeenSeq}, min(${seq}, ${t.conversations.lastSeq}))` })
          .where(eq(t.conversations.id, conversationId))
          .run();
      },
      silent(siteId: string, before: number) {
        return db
          .select({ id: t.conversations.id })
          .from(t.conversations)
          .where(and(eq(t.conversations.siteId, siteId), eq(t.conversations.status, 'open'), lt(t.conversations.updatedAt, before)))
          .all()
          .map((row) => row.id);
      },
    },

    messages: {
      append(conversation: Conversation, input: { clientId: string; text: string; at: number; author: Message['author']; agentId: string | null }): Appended {
        const existing = existingMessage.get(conversation.id, input.clientId);
        if (existing) return { message: messageById(existing.id), conversation, created: false };
        const id = nanoid();
        const after = (input.author === 'visitor' ? afterVisitorMessage : afterSiteMessage).get({ id, conversationId: conversation.id, at: input.at }) as Record<string, unknown> | undefined;
        if (!after) throw new NotFoundError(`No conversation has the id ${conversation.id}.`);
        const fields = { id, conversationId: conversation.id, seq: after.last_seq as number, clientId: input.clientId, author: input.author, agentId: input.agentId, text: input.text, at: input.at };
        insertMessage.run(fields);
        const agentName = input.agentId ? (agentNameOf.get(input.agentId) as string | undefined) ?? null : null;
        const message: Message = { ...fields, agentName, email: null };
        return { message, conversation: rawConversation(after), created: true };
      },
      since(conversationId: string, since: number) {
        const where = and(eq(t.messages.conversationId, conversationId), gt(t.messages.seq, since));
        const emails = messageEmails(db, where);
        return selectMessages()
          .where(where)
          .orderBy(asc(t.messages.seq))
          .all()
          .map((r) => toMessage(r.m, r.agentName, emails.get(r.m.id)));
      },
    },

    meta: {
      get: (key: string) => db.select().from(t.meta).where(eq(t.meta.key, key)).get()?.value ?? null,
      set(key: string, value: string) {
        db.insert(t.meta).values({ key, value }).onConflictDoUpdate({ target: t.meta.key, set: { value } }).run();
      },
      delete(key: string) {
        db.delete(t.meta).where(eq(t.meta.key, key)).run();
      },
    },

    mail: createSqliteMailStore(db, (row) => toMessage(row, row.agentId ? ((agentNameOf.get(row.agentId) as string | undefined) ?? null) : null)),
    jobs: { schedule: (spec: Parameters<typeof scheduleJob>[1]) => scheduleJob(db, spec), cancel: (kind: string, key: string) => cancelJob(db, kind, key) },
  };
}

type Sync = ReturnType<typeof repositories>;

/** Turns each synchronous repository method into the port's async one, through `wrap`. */
function facade(sync: Sync, wrap: (call: () => unknown) => Promise<unknown>): StoreTx {
  const out: Record<string, Record<string, unknown>> = {};
  for (const [name, repository] of Object.entries(sync)) {
    const methods: Record<string, unknown> = {};
    for (const [method, fn] of Object.entries(repository as Record<string, (...args: unknown[]) => unknown>)) {
      methods[method] = (...args: unknown[]) => wrap(() => fn(...args));
    }
    out[name] = methods;
  }
  return out as unknown as StoreTx;
}

interface Pending {
  fn: (tx: StoreTx) => Promise<unknown>;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

export function openSqliteStore(file: string): Store & { db: Db; sqlite: Database.Database; exclusive: <T>(fn: () => T) => Promise<T> } {
  const { db, sqlite } = openDatabase(file);
  const sync = repositories(db, sqlite);
  /** Set while a transaction's callback runs: a call on the Store itself from inside it would wait on itself forever. */
  const inTransaction = new AsyncLocalStorage<true>();
  let tail: Promise<unknown> = Promise.resolve();
  /** Runs `fn` alone: nothing else touches the connection until it settles. */
  const locked = <T>(fn: () => T | Promise<T>): Promise<T> => {
    if (inTransaction.getStore()) throw new Error('Inside a transaction, use its handle (tx), not the store.');
    const run = tail.then(fn);
    tail = run.catch(() => undefined);
    return run;
  };
  const begin = sqlite.prepare('BEGIN IMMEDIATE');
  const commit = sqlite.prepare('COMMIT');
  const rollback = sqlite.prepare('ROLLBACK');
  /** Runs `fn` in a write transaction of its own, under the lock. */
  const exclusive = <T>(fn: () => T): Promise<T> =>
    locked(() => {
      begin.run();
      try {
        const result = fn();
        commit.run();
        return result;
      } catch (error) {
        if (sqlite.inTransaction) rollback.run();
        throw error;
      }
    });

  const inside = facade(sync, async (call) => call());
  const outside = facade(sync, (call) => exclusive(call));

  let pending: Pending[] = [];
  type Result = { ok: true; value: unknown } | { ok: false; error: unknown };
  /** Runs each of `fns` inside the open transaction; stops at the first that throws. */
  const runAll = async (fns: Pending['fn'][]): Promise<Result[] | null> => {
    const results: Result[] = [];
    for (const fn of fns) {
      try {
        results.push({ ok: true, value: await inTransaction.run(true, () => fn(inside)) });
      } catch {
        return null;
      }
    }
    return results;
  };
  /** One transaction for one command, for the rare group in which one failed. */
  const runAlone = async (fn: Pending['fn']): Promise<Result> => {
    begin.run();
    try {
      const value = await inTransaction.run(true, () => fn(inside));
      commit.run();
      return { ok: true, value };
    } catch (error) {
      if (sqlite.inTransaction) rollback.run();
      return { ok: false, error };
    }
  };
  const commitGroup = async () => {
    const group = pending;
    pending = [];
    let results: Result[] | null;
    try {
      begin.run();
      results = await runAll(group.map((p) => p.fn));
      if (results) commit.run();
      else rollback.run();
    } catch (error) {
      // The commit itself failed (a full disk): nothing of the group is stored, so nothing may be acked.
      if (sqlite.inTransaction) rollback.run();
      for (const { reject } of group) reject(error);
      return;
    }
    // One command failed and took the group's transaction with it: each runs again alone, so
    // only that one fails. A command is store work only, so running it again is safe.
    results ??= await group.reduce<Promise<Result[]>>(async (done, { fn }) => [...(await done), await runAlone(fn)], Promise.resolve([]));
    group.forEach(({ resolve, reject }, i) => {
      const result = results[i]!;
      if (result.ok) resolve(result.value);
      else reject(result.error);
    });
  };

  return {
    ...outside,
    db,
    sqlite,
    exclusive,
    transaction<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T> {
      if (inTransaction.getStore()) throw new Error('Transactions do not nest: use the handle you were given.');
      return new Promise<T>((resolve, reject) => {
        // The first of a turn books the commit; the others of the same turn join its group.
        if (pending.length === 0) setImmediate(() => void locked(commitGroup));
        pending.push({ fn: fn as Pending['fn'], resolve: resolve as Pending['resolve'], reject });
      });
    },
    async backup(file) {
      await sqlite.backup(file);
    },
    async close() {
      await tail;
      sqlite.close();
    },
  };
}
