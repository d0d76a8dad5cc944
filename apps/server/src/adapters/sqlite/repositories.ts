/**
 * Every repository of the store, as synchronous functions of one drizzle handle (better-sqlite3
 * answers synchronously; store.ts makes them the port's async ones). One factory: the
 * aggregates share prepared statements and the author join.
 */
import { randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3';
import { and, asc, count, desc, eq, gt, gte, inArray, isNotNull, isNull, lt, ne, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { nanoid } from 'nanoid';
import { ConflictError, NotFoundError } from '../../ports/errors.ts';
import type { ListCursor } from '@parley/protocol';
import { RECEIPT_MARKS, type Agent, type Appended, type Conversation, type ListSelection, type Message, type NewMessage, type ReceiptMarks, type Site, type Team, type Visitor } from '../../ports/store.ts';
import { conversationRows } from './conversation-rows.ts';
import { sqliteCustomers } from './customers.ts';
import { countsOf, list } from './list-query.ts';
import type { Db } from './db.ts';
import { cancelJob, scheduleJob } from './jobs.ts';
import { createSqliteHistoryStore } from './history-store.ts';
import { createSqliteMailStore, messageEmails } from './mail-store.ts';
import { createSqliteNotificationStore } from './notification-store.ts';
import { createSqliteContextRecords, createSqlitePendingMessages } from './outreach-store.ts';
import { createSqliteCallRooms, createSqliteTemplateStore } from './template-store.ts';
import { isUniqueViolation, parseUserAgent, rawConversation, toAgent, toConversation, toMessage, toSite, toTeam, toVisitor } from './records.ts';
import * as t from './schema.ts';

/** A visit ends after this long without activity; the next page view starts another. */
const VISIT_GAP_MS = 30 * 60_000;

export function repositories(db: Db, sqlite: Database.Database) {
  const authors = alias(t.agents, 'authors');
  const subjects = alias(t.agents, 'subjects');
  const rows = conversationRows(db, authors);
  const messageColumns = { m: t.messages, agentName: authors.name, subjectName: subjects.name };
  const selectMessages = () =>
    db.select(messageColumns).from(t.messages).leftJoin(authors, eq(authors.id, t.messages.agentId)).leftJoin(subjects, eq(subjects.id, t.messages.subjectAgentId));

  // The send path: prepared once, run for every message.
  const existingMessage = sqlite.prepare<[string, string], { id: string }>('SELECT id FROM messages WHERE conversation_id = ? AND client_id = ?');
  // One statement gives the message its seq and keeps the list fields: the new seq is last_seq + 1,
  // read before the update (SQLite evaluates every SET against the old row).
  // A message reopening a closed conversation starts a new wait: what waited before the close was let go by an agent.
  const afterVisitorMessage = sqlite.prepare(
    `UPDATE conversations SET last_seq = last_seq + 1, updated_at = @at, status = 'open', last_message_id = @id,
       waiting_since = CASE WHEN status = 'closed' THEN @at ELSE coalesce(waiting_since, @at) END,
       urgency = CASE WHEN status = 'closed' THEN 'none' ELSE urgency END
     WHERE id = @conversationId RETURNING *`,
  );
  const afterAgentMessage = sqlite.prepare(
    "UPDATE conversations SET last_seq = last_seq + 1, updated_at = @at, status = 'open', last_message_id = @id, answered_seq = last_seq + 1, waiting_since = NULL, urgency = 'none' WHERE id = @conversationId RETURNING *",
  );
  const afterNote = sqlite.prepare('UPDATE conversations SET last_seq = last_seq + 1 WHERE id = @conversationId RETURNING *');
  const AFTER = { visitor: afterVisitorMessage, agent: afterAgentMessage, system: afterNote } as const;
  const afterEvent = sqlite.prepare<[string], number>('UPDATE conversations SET last_seq = last_seq + 1 WHERE id = ? RETURNING last_seq').pluck();
  const insertMessage = sqlite.prepare(
    'INSERT INTO messages (id, conversation_id, seq, client_id, author, agent_id, event, subject_agent_id, params, text, attachment_id, attachment, call_url, created_at) VALUES (@id, @conversationId, @seq, @clientId, @author, @agentId, @event, @subjectAgentId, @params, @text, @attachmentId, @attachmentJson, @callUrl, @at)',
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
  const agentByEmail = db.select().from(t.agents).where(eq(t.agents.email, sql.placeholder('email'))).prepare();
  const visitorById = db.select().from(t.visitors).where(eq(t.visitors.id, sql.placeholder('id'))).prepare();
  const touchVisitor = db.update(t.visitors).set({ lastActiveAt: sql`${sql.placeholder('at')}` }).where(eq(t.visitors.id, sql.placeholder('id'))).prepare();
  const messageById = (id: string): Message => {
    const row = selectMessages().where(eq(t.messages.id, id)).get()!;
    return toMessage(row.m, row.agentName, null, row.subjectName);
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
      update(key: string, patch: { name?: string; origins?: string[]; settings?: Site['settings']; secret?: string }) {
        const row = db.update(t.sites).set(patch).where(eq(t.sites.key, key)).returning().get();
        if (!row) throw new NotFoundError(`No site has the key ${key}.`);
        return toSite(row);
      },
    },

    agents: {
      create({ email, name, role, teams = [], passwordHash }: { email: string; name: string; role: Agent['role']; teams?: string[]; passwordHash: string }) {
        try {
          return toAgent(db.insert(t.agents).values({ id: nanoid(), email: email.toLowerCase(), name, role, teams, passwordHash }).returning().get());
        } catch (error) {
          if (isUniqueViolation(error)) throw new ConflictError(`An agent with the email ${email} exists already.`);
          throw error;
        }
      },
      credentials(email: string) {
        const row = agentByEmail.get({ email: email.toLowerCase() });
        return row ? { agent: toAgent(row), passwordHash: row.passwordHash } : null;
      },
      count: () => db.select({ n: count() }).from(t.agents).get()!.n,
      list: () => agentsByName.all().map(toAgent),
      byId(id: string) {
        const row = agentById.get({ id });
        return row ? toAgent(row) : null;
      },
      byEmail(email: string) {
        const row = agentByEmail.get({ email: email.toLowerCase() });
        return row ? toAgent(row) : null;
      },
      byAvatar(avatar: string) {
        const row = db.select().from(t.agents).where(eq(t.agents.avatar, avatar)).get();
        return row ? toAgent(row) : null;
      },
      update(id: string, patch: Partial<Pick<Agent, 'status' | 'awayAfter' | 'sound' | 'desktop' | 'teams' | 'name' | 'lastSeenAt' | 'role' | 'disabledAt' | 'avatar'>>) {
        const row = db.update(t.agents).set(patch).where(eq(t.agents.id, id)).returning().get();
        if (!row) throw new NotFoundError(`No agent has the id ${id}.`);
        return toAgent(row);
      },
      setPasswordHash(id: string, passwordHash: string) {
        if (db.update(t.agents).set({ passwordHash }).where(eq(t.agents.id, id)).run().changes === 0) throw new NotFoundError(`No agent has the id ${id}.`);
      },
    },

    teams: {
      create(team: Team) {
        try {
          return toTeam(db.insert(t.teams).values(team).returning().get());
        } catch (error) {
          if (isUniqueViolation(error)) throw new ConflictError(`A team named ${team.name} exists already.`);
          throw error;
        }
      },
      list: () => db.select().from(t.teams).orderBy(asc(t.teams.name)).all().map(toTeam),
      byName(name: string) {
        const row = db.select().from(t.teams).where(eq(t.teams.name, name)).get();
        return row ? toTeam(row) : null;
      },
      setMode(name: string, mode: Team['mode']) {
        const row = db.update(t.teams).set({ mode }).where(eq(t.teams.name, name)).returning().get();
        if (!row) throw new NotFoundError(`No team is named ${name}.`);
        return toTeam(row);
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
          .where(and(eq(t.agentSessions.tokenHash, tokenHash), isNull(t.agents.disabledAt)))
          .get();
        return row && row.expiresAt > now ? toAgent(row.agent) : null;
      },
      delete(tokenHash: string) {
        return db.delete(t.agentSessions).where(eq(t.agentSessions.tokenHash, tokenHash)).run().changes > 0;
      },
      deleteOfAgent(agentId: string) {
        db.delete(t.agentSessions).where(eq(t.agentSessions.agentId, agentId)).run();
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
      list({ after, limit, ...selection }: ListSelection & { after: ListCursor | null; limit: number }) {
        return rows.rowsOf(list.pageCondition(selection, after), limit);
      },
      counts: (selection: ListSelection) => countsOf(db, selection),
      row: rows.row,
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
        const before = conversationById(conversationId);
        if (!before) throw new NotFoundError(`No conversation has the id ${conversationId}.`);
        db.update(t.conversations).set({ status: 'closed', updatedAt: at }).where(eq(t.conversations.id, conversationId)).run();
        return before.status === 'open';
      },
      assign(conversationId: string, agentId: string | null, { unlessAssigned }: { unlessAssigned: boolean }) {
        const where = eq(t.conversations.id, conversationId);
        return db.update(t.conversations).set({ assigneeId: agentId }).where(unlessAssigned ? and(where, isNull(t.conversations.assigneeId)) : where).run().changes > 0;
      },
      setMissed(conversationId: string, missed: boolean) {
        db.update(t.conversations).set({ missed }).where(eq(t.conversations.id, conversationId)).run();
      },
      raiseReceipts(conversationId: string, marks: Partial<ReceiptMarks>) {
        const c = t.conversations;
        const given = RECEIPT_MARKS.filter((mark) => marks[mark] !== undefined);
        if (given.length === 0) return null;
        const target = (mark: keyof ReceiptMarks) => sql`min(${marks[mark]!}, ${c.lastSeq})`;
        const row = db
          .update(c)
          .set(Object.fromEntries(given.map((mark) => [mark, sql`max(${c[mark]}, ${target(mark)})`])))
          .where(and(eq(c.id, conversationId), or(...given.map((mark) => sql`${c[mark]} < ${target(mark)}`))))
          .returning()
          .get();
        return row ? toConversation(row) : null;
      },
      silent(siteId: string, before: number) {
        return db
          .select({ id: t.conversations.id })
          .from(t.conversations)
          .where(and(eq(t.conversations.siteId, siteId), eq(t.conversations.status, 'open'), lt(t.conversations.updatedAt, before)))
          .all()
          .map((row) => row.id);
      },
      waiting(siteId: string) {
        return db
          .select({ id: t.conversations.id })
          .from(t.conversations)
          .where(and(eq(t.conversations.siteId, siteId), eq(t.conversations.status, 'open'), isNotNull(t.conversations.waitingSince)))
          .all()
          .map((row) => row.id);
      },
      setUrgency(conversationId: string, waitingSince: number, urgency: Conversation['urgency']) {
        const { conversations: c } = t;
        const still = and(eq(c.id, conversationId), eq(c.status, 'open'), eq(c.waitingSince, waitingSince), ne(c.urgency, urgency));
        return db.update(c).set({ urgency }).where(still).run().changes > 0;
      },
    },

    messages: {
      append(conversation: Conversation, input: NewMessage): Appended {
        const existing = existingMessage.get(conversation.id, input.clientId);
        if (existing) return { message: messageById(existing.id), conversation, created: false };
        const id = nanoid();
        const after = AFTER[input.author].get({ id, conversationId: conversation.id, at: input.at }) as Record<string, unknown> | undefined;
        if (!after) throw new NotFoundError(`No conversation has the id ${conversation.id}.`);
        const attachment = input.attachment ?? null;
        const fields = { id, conversationId: conversation.id, seq: after.last_seq as number, clientId: input.clientId, author: input.author, agentId: input.agentId, event: null, subjectAgentId: null, params: null, text: input.text, at: input.at };
        insertMessage.run({ ...fields, attachmentId: attachment?.id ?? null, attachmentJson: attachment && JSON.stringify(attachment), callUrl: input.call?.url ?? null });
        const agentName = input.agentId ? (agentNameOf.get(input.agentId) as string | undefined) ?? null : null;
        const message: Message = { ...fields, agentName, subjectName: null, email: null, attachment, call: input.call ?? null };
        return { message, conversation: rawConversation(after), created: true };
      },
      recordEvent(conversationId: string, { event, agentId, subjectAgentId = null, params = null, at }: { event: NonNullable<Message['event']>; agentId: string | null; subjectAgentId?: string | null; params?: Message['params']; at: number }): Message {
        const seq = afterEvent.get(conversationId);
        if (seq === undefined) throw new NotFoundError(`No conversation has the id ${conversationId}.`);
        const fields = { id: nanoid(), conversationId, seq, clientId: null, author: 'system' as const, agentId, event, subjectAgentId, params, text: '', at };
        insertMessage.run({ ...fields, params: params && JSON.stringify(params), attachmentId: null, attachmentJson: null, callUrl: null });
        const nameOf = (id: string | null) => (id ? ((agentNameOf.get(id) as string | undefined) ?? null) : null);
        return { ...fields, agentName: nameOf(agentId), subjectName: nameOf(subjectAgentId), email: null, attachment: null, call: null };
      },
      since(conversationId: string, since: number) {
        const where = and(eq(t.messages.conversationId, conversationId), gt(t.messages.seq, since));
        const emails = messageEmails(db, where);
        return selectMessages()
          .where(where)
          .orderBy(asc(t.messages.seq))
          .all()
          .map((r) => toMessage(r.m, r.agentName, emails.get(r.m.id), r.subjectName));
      },
      attachment(id: string) {
        const row = db.select({ conversationId: t.messages.conversationId, attachment: t.messages.attachment }).from(t.messages).where(eq(t.messages.attachmentId, id)).get();
        return row?.attachment ? { conversationId: row.conversationId, attachment: row.attachment } : null;
      },
      before(conversationId: string, before: number, limit: number) {
        const inThread = eq(t.messages.conversationId, conversationId);
        const rows = selectMessages().where(and(inThread, lt(t.messages.seq, before))).orderBy(desc(t.messages.seq)).limit(limit).all().reverse();
        if (rows.length === 0) return [];
        const emails = messageEmails(db, and(inThread, gte(t.messages.seq, rows[0]!.m.seq), lt(t.messages.seq, before)));
        return rows.map((r) => toMessage(r.m, r.agentName, emails.get(r.m.id), r.subjectName));
      },
    },

    meta: {
      get: (key: string) => db.select().from(t.meta).where(eq(t.meta.key, key)).get()?.value ?? null,
      set(key: string, value: string) {
        db.insert(t.meta).values({ key, value }).onConflictDoUpdate({ target: t.meta.key, set: { value } }).run();
      },
      setIfAbsent(key: string, value: string) {
        db.insert(t.meta).values({ key, value }).onConflictDoNothing().run();
        return db.select().from(t.meta).where(eq(t.meta.key, key)).get()!.value;
      },
      delete(key: string) {
        return db.delete(t.meta).where(eq(t.meta.key, key)).run().changes > 0;
      },
    },

    customers: sqliteCustomers(db),

    mail: createSqliteMailStore(db, (row) => toMessage(row, row.agentId ? ((agentNameOf.get(row.agentId) as string | undefined) ?? null) : null)),
    notifications: createSqliteNotificationStore(db),
    pendingMessages: createSqlitePendingMessages(db),
    contextRecords: createSqliteContextRecords(db),
    history: createSqliteHistoryStore(db),
    templates: createSqliteTemplateStore(db),
    callRooms: createSqliteCallRooms(db),
    jobs: { schedule: (spec: Parameters<typeof scheduleJob>[1]) => scheduleJob(db, spec), cancel: (kind: string, key: string) => cancelJob(db, kind, key) },
  };
}
