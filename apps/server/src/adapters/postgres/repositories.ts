/**
 * Every repository of the store on PostgreSQL, as async functions of one drizzle handle: the
 * transaction's, which store.ts makes for every call. A port of sqlite/repositories.ts; where
 * SQLite's single writer made a read-then-write safe, the row is locked first (FOR NO KEY UPDATE,
 * which still lets other transactions insert rows that refer to it), so concurrent transactions
 * on several nodes give the same results as SQLite's one after another. One factory, as on
 * SQLite: every repository shares the transaction's handle and its locking rule (`deciding`).
 */
import { randomBytes } from 'node:crypto';
import { and, asc, count, desc, eq, gt, gte, inArray, isNotNull, isNull, lt, ne, or, sql } from 'drizzle-orm';
import { type AnyPgColumn, alias } from 'drizzle-orm/pg-core';
import { nanoid } from 'nanoid';
import { ConflictError, NotFoundError } from '../../ports/errors.ts';
import type { ListCursor } from '@parley/protocol';
import { RECEIPT_MARKS, type Agent, type Appended, type Conversation, type ListSelection, type Message, type ReceiptMarks, type Site, type StoreTx, type Team, type Visitor } from '../../ports/store.ts';
import { parseUserAgent, toAgent, toConversation, toMessage, toSite, toTeam, toVisitor } from '../sqlite/records.ts';
import { conversationRows } from './conversation-rows.ts';
import { postgresCustomers } from './customers.ts';
import type { Db } from './db.ts';
import { cancelJob, scheduleJob } from './jobs.ts';
import { countsOf, list } from './list-query.ts';
import { createPostgresHistoryStore } from './history-store.ts';
import { createPostgresMailStore, messageEmails } from './mail-store.ts';
import { createPostgresNotificationStore } from './notification-store.ts';
import { createPostgresContextRecords, createPostgresPendingMessages } from './outreach-store.ts';
import { createPostgresCallRooms, createPostgresTemplateStore } from './template-store.ts';
import * as t from './schema.ts';

/** A visit ends after this long without activity; the next page view starts another. */
const VISIT_GAP_MS = 30 * 60_000;

const authors = alias(t.agents, 'authors');
const subjects = alias(t.agents, 'subjects');
const c = t.conversations;
/** Names sorted as SQLite sorts them, whatever the database's locale. */
const byteOrder = (column: AnyPgColumn) => sql`${column} collate "C"`;

/**
 * `deciding`: the handle of a command's transaction (store.transaction), whose reads of a
 * conversation or an agent decide what it writes next (is it still open? is an admin left?).
 * Those reads lock what they read until commit, as SQLite's one writer would have kept it
 * still: racing commands on one conversation run one after the other. A single call outside
 * `transaction` decides nothing after its own statement, and locks only where it writes.
 */
export function repositories(db: Db, deciding: boolean): StoreTx {
  const rows = conversationRows(db);
  const selectMessages = () =>
    db
      .select({ m: t.messages, agentName: authors.name, subjectName: subjects.name })
      .from(t.messages)
      .leftJoin(authors, eq(authors.id, t.messages.agentId))
      .leftJoin(subjects, eq(subjects.id, t.messages.subjectAgentId));
  const agentNameOf = async (id: string | null) => (id ? ((await db.select({ name: t.agents.name }).from(t.agents).where(eq(t.agents.id, id)))[0]?.name ?? null) : null);
  const one = async <T>(query: PromiseLike<T[]>): Promise<T | undefined> => (await query)[0];

  const conversationById = async (id: string) => {
    const query = db.select().from(c).where(eq(c.id, id));
    const row = await one(deciding ? query.for('no key update') : query);
    return row ? toConversation(row) : null;
  };
  const conversationOfVisitor = async (visitorId: string) => {
    const query = db.select().from(c).where(eq(c.visitorId, visitorId)).orderBy(sql`${c.createdAt} desc`).limit(1);
    const row = await one(deciding ? query.for('no key update') : query);
    return row ? toConversation(row) : null;
  };
  /** Holds the conversation's row until commit: what is read after it cannot change underneath. */
  const lockConversation = async (id: string) => (await db.select({ id: c.id }).from(c).where(eq(c.id, id)).for('no key update')).length > 0;
  const lockedVisitor = (id: string) => one(db.select().from(t.visitors).where(eq(t.visitors.id, id)).for('no key update'));

  /** The list fields a message moves, by author (see sqlite/repositories.ts). */
  const after = (author: Message['author'], id: string, at: number) => {
    const moved = { lastSeq: sql`${c.lastSeq} + 1`, updatedAt: at, status: 'open' as const, lastMessageId: id };
    if (author === 'agent') return { ...moved, answeredSeq: sql`${c.lastSeq} + 1`, waitingSince: null, urgency: 'none' as const };
    if (author === 'system') return { lastSeq: sql`${c.lastSeq} + 1` };
    // A message reopening a closed conversation starts a new wait: what waited before the close was let go by an agent.
    return {
      ...moved,
      waitingSince: sql`CASE WHEN ${c.status} = 'closed' THEN ${at}::bigint ELSE coalesce(${c.waitingSince}, ${at}::bigint) END`,
      urgency: sql`CASE WHEN ${c.status} = 'closed' THEN 'none' ELSE ${c.urgency} END`,
    };
  };

  return {
    sites: {
      async create({ name, origins, isDemo = false }: { name: string; origins: string[]; isDemo?: boolean }) {
        const [row] = await db.insert(t.sites).values({ id: nanoid(), key: nanoid(16), name, origins, secret: randomBytes(32).toString('hex'), isDemo }).returning();
        return toSite(row!);
      },
      list: async () => (await db.select().from(t.sites).orderBy(asc(t.sites.createdAt), asc(t.sites.id))).map(toSite),
      async byKey(key: string) {
        const row = await one(db.select().from(t.sites).where(eq(t.sites.key, key)));
        return row ? toSite(row) : null;
      },
      async byId(id: string) {
        const row = await one(db.select().from(t.sites).where(eq(t.sites.id, id)));
        return row ? toSite(row) : null;
      },
      async update(key: string, patch: { name?: string; origins?: string[]; settings?: Site['settings']; secret?: string }) {
        const row = await one(db.update(t.sites).set(patch).where(eq(t.sites.key, key)).returning());
        if (!row) throw new NotFoundError(`No site has the key ${key}.`);
        return toSite(row);
      },
    },

    agents: {
      async create({ email, name, role, teams = [], passwordHash }: { email: string; name: string; role: Agent['role']; teams?: string[]; passwordHash: string }) {
        // DO NOTHING rather than a caught error: a failed statement would abort the caller's transaction.
        const row = await one(db.insert(t.agents).values({ id: nanoid(), email: email.toLowerCase(), name, role, teams, passwordHash }).onConflictDoNothing().returning());
        if (!row) throw new ConflictError(`An agent with the email ${email} exists already.`);
        return toAgent(row);
      },
      async credentials(email: string) {
        const row = await one(db.select().from(t.agents).where(eq(t.agents.email, email.toLowerCase())));
        return row ? { agent: toAgent(row), passwordHash: row.passwordHash } : null;
      },
      count: async () => (await one(db.select({ n: count() }).from(t.agents)))!.n,
      async list() {
        const query = db.select().from(t.agents).orderBy(byteOrder(t.agents.name));
        // Shared: a check over every agent ("an admin is left") holds while two changes race; one of them then deadlocks and runs again, seeing the other.
        return (await (deciding ? query.for('share') : query)).map(toAgent);
      },
      async byId(id: string) {
        const query = db.select().from(t.agents).where(eq(t.agents.id, id));
        const row = await one(deciding ? query.for('no key update') : query);
        return row ? toAgent(row) : null;
      },
      async byEmail(email: string) {
        const row = await one(db.select().from(t.agents).where(eq(t.agents.email, email.toLowerCase())));
        return row ? toAgent(row) : null;
      },
      async byAvatar(avatar: string) {
        const row = await one(db.select().from(t.agents).where(eq(t.agents.avatar, avatar)));
        return row ? toAgent(row) : null;
      },
      async update(id, patch) {
        const row = await one(db.update(t.agents).set(patch).where(eq(t.agents.id, id)).returning());
        if (!row) throw new NotFoundError(`No agent has the id ${id}.`);
        return toAgent(row);
      },
      async setPasswordHash(id: string, passwordHash: string) {
        if ((await db.update(t.agents).set({ passwordHash }).where(eq(t.agents.id, id)).returning({ id: t.agents.id })).length === 0) throw new NotFoundError(`No agent has the id ${id}.`);
      },
    },

    teams: {
      async create(team: Team) {
        const row = await one(db.insert(t.teams).values(team).onConflictDoNothing().returning());
        if (!row) throw new ConflictError(`A team named ${team.name} exists already.`);
        return toTeam(row);
      },
      list: async () => (await db.select().from(t.teams).orderBy(byteOrder(t.teams.name))).map(toTeam),
      async byName(name: string) {
        const row = await one(db.select().from(t.teams).where(eq(t.teams.name, name)));
        return row ? toTeam(row) : null;
      },
      async setMode(name: string, mode: Team['mode']) {
        const row = await one(db.update(t.teams).set({ mode }).where(eq(t.teams.name, name)).returning());
        if (!row) throw new NotFoundError(`No team is named ${name}.`);
        return toTeam(row);
      },
    },

    sessions: {
      async create(input: { tokenHash: string; agentId: string; expiresAt: number }) {
        await db.insert(t.agentSessions).values(input);
      },
      async agent(tokenHash: string, now: number) {
        const row = await one(
          db
            .select({ agent: t.agents, expiresAt: t.agentSessions.expiresAt })
            .from(t.agentSessions)
            .innerJoin(t.agents, eq(t.agents.id, t.agentSessions.agentId))
            .where(and(eq(t.agentSessions.tokenHash, tokenHash), isNull(t.agents.disabledAt))),
        );
        return row && row.expiresAt > now ? toAgent(row.agent) : null;
      },
      async delete(tokenHash: string) {
        return (await db.delete(t.agentSessions).where(eq(t.agentSessions.tokenHash, tokenHash)).returning({ tokenHash: t.agentSessions.tokenHash })).length > 0;
      },
      async deleteOfAgent(agentId: string) {
        await db.delete(t.agentSessions).where(eq(t.agentSessions.agentId, agentId));
      },
    },

    visitors: {
      async create({ siteId, tokenHash }: { siteId: string; tokenHash: string }) {
        const [row] = await db.insert(t.visitors).values({ id: nanoid(), siteId }).returning();
        await db.insert(t.visitorTokens).values({ siteId, visitorId: row!.id, tokenHash });
        return toVisitor(row!);
      },
      async byToken(siteId: string, tokenHash: string) {
        const row = await one(
          db
            .select({ v: t.visitors })
            .from(t.visitorTokens)
            .innerJoin(t.visitors, eq(t.visitors.id, t.visitorTokens.visitorId))
            .where(and(eq(t.visitorTokens.siteId, siteId), eq(t.visitorTokens.tokenHash, tokenHash))),
        );
        return row ? toVisitor(row.v) : null;
      },
      async byId(id: string) {
        const row = await one(db.select().from(t.visitors).where(eq(t.visitors.id, id)));
        return row ? toVisitor(row) : null;
      },
      byIds: async (ids: readonly string[]) => (ids.length === 0 ? [] : (await db.select().from(t.visitors).where(inArray(t.visitors.id, [...ids]))).map(toVisitor)),
      async byUserId(siteId: string, userId: string) {
        const row = await one(db.select().from(t.visitors).where(and(eq(t.visitors.siteId, siteId), eq(t.visitors.userId, userId))));
        return row ? toVisitor(row) : null;
      },
      async addToken(input: { siteId: string; visitorId: string; tokenHash: string }) {
        await db.insert(t.visitorTokens).values(input);
      },
      async update(id, patch) {
        const before = await lockedVisitor(id);
        if (!before) throw new NotFoundError(`No visitor has the id ${id}.`);
        const fresh = patch.email !== undefined && patch.email?.toLowerCase() !== before.email?.toLowerCase();
        return toVisitor((await one(db.update(t.visitors).set(fresh ? { ...patch, emailStatus: 'ok' } : patch).where(eq(t.visitors.id, id)).returning()))!);
      },
      async recordPageView(id, { at, page, userAgent, language, timeZone }) {
        const row = await lockedVisitor(id);
        if (!row) throw new NotFoundError(`No visitor has the id ${id}.`);
        const newVisit = row.visitStartedAt === null || (row.lastActiveAt ?? 0) < at - VISIT_GAP_MS;
        await db
          .update(t.visitors)
          .set({
            lastActiveAt: at,
            ...(newVisit ? { visits: row.visits + 1, visitStartedAt: at } : {}),
            ...(page ? { pageUrl: page.url, pageTitle: page.title } : {}),
            ...(row.referrer === null && page?.referrer ? { referrer: page.referrer } : {}),
            ...(userAgent && userAgent !== row.userAgent ? { userAgent, ...parseUserAgent(userAgent) } : {}),
            ...(language ? { language } : {}),
            ...(timeZone ? { timeZone } : {}),
          })
          .where(eq(t.visitors.id, id));
      },
      async recordActivity(id: string, at: number) {
        await db.update(t.visitors).set({ lastActiveAt: at }).where(eq(t.visitors.id, id));
      },
      async setLocation(id: string, location: Visitor['location'], ip: string | null) {
        await db
          .update(t.visitors)
          .set({ ip, city: location?.city ?? null, region: location?.region ?? null, country: location?.country ?? null, countryCode: location?.countryCode ?? null })
          .where(eq(t.visitors.id, id));
      },
    },

    conversations: {
      byId: conversationById,
      ofVisitor: conversationOfVisitor,
      async ensureOfVisitor({ siteId, visitorId, at }: { siteId: string; visitorId: string; at: number }) {
        // The visitor's row first: two first messages at once (two tabs, two nodes) make one conversation, not two.
        const visitor = await lockedVisitor(visitorId);
        const current = await conversationOfVisitor(visitorId);
        if (current) return current;
        if (visitor?.siteId !== siteId) throw new NotFoundError(`No visitor ${visitorId} on this site.`);
        return toConversation((await one(db.insert(c).values({ id: nanoid(), siteId, visitorId, createdAt: at, updatedAt: at }).returning()))!);
      },
      list({ after, limit, ...selection }: ListSelection & { after: ListCursor | null; limit: number }) {
        return rows.rowsOf(list.pageCondition(selection, after), limit);
      },
      counts: (selection: ListSelection) => countsOf(db, selection),
      row: rows.row,
      async join(conversationId: string, agentId: string, at: number) {
        if (!(await conversationById(conversationId))) throw new NotFoundError(`No conversation has the id ${conversationId}.`);
        const added = (await db.insert(t.conversationAgents).values({ conversationId, agentId, joinedAt: at }).onConflictDoNothing().returning({ agentId: t.conversationAgents.agentId })).length > 0;
        if (added) await db.update(c).set({ agentCount: sql`${c.agentCount} + 1` }).where(eq(c.id, conversationId));
        return added;
      },
      async leave(conversationId: string, agentId: string) {
        const removed =
          (
            await db
              .delete(t.conversationAgents)
              .where(and(eq(t.conversationAgents.conversationId, conversationId), eq(t.conversationAgents.agentId, agentId)))
              .returning({ agentId: t.conversationAgents.agentId })
          ).length > 0;
        if (removed) await db.update(c).set({ agentCount: sql`${c.agentCount} - 1` }).where(eq(c.id, conversationId));
        return removed;
      },
      async close(conversationId: string, at: number) {
        if (!(await lockConversation(conversationId))) throw new NotFoundError(`No conversation has the id ${conversationId}.`);
        const before = (await conversationById(conversationId))!;
        await db.update(c).set({ status: 'closed', updatedAt: at }).where(eq(c.id, conversationId));
        return before.status === 'open';
      },
      async assign(conversationId: string, agentId: string | null, { unlessAssigned }: { unlessAssigned: boolean }) {
        // One statement: of two grabs at once, the second waits for the first's row lock and then finds it assigned.
        const where = eq(c.id, conversationId);
        return (await db.update(c).set({ assigneeId: agentId }).where(unlessAssigned ? and(where, isNull(c.assigneeId)) : where).returning({ id: c.id })).length > 0;
      },
      async setMissed(conversationId: string, missed: boolean) {
        await db.update(c).set({ missed }).where(eq(c.id, conversationId));
      },
      async raiseReceipts(conversationId: string, marks: Partial<ReceiptMarks>) {
        const given = RECEIPT_MARKS.filter((mark) => marks[mark] !== undefined);
        if (given.length === 0) return null;
        const target = (mark: keyof ReceiptMarks) => sql`least(${marks[mark]!}::integer, ${c.lastSeq})`;
        const row = await one(
          db
            .update(c)
            .set(Object.fromEntries(given.map((mark) => [mark, sql`greatest(${c[mark]}, ${target(mark)})`])))
            .where(and(eq(c.id, conversationId), or(...given.map((mark) => sql`${c[mark]} < ${target(mark)}`))))
            .returning(),
        );
        return row ? toConversation(row) : null;
      },
      silent: async (siteId: string, before: number) =>
        (await db.select({ id: c.id }).from(c).where(and(eq(c.siteId, siteId), eq(c.status, 'open'), lt(c.updatedAt, before)))).map((row) => row.id),
      waiting: async (siteId: string) =>
        (await db.select({ id: c.id }).from(c).where(and(eq(c.siteId, siteId), eq(c.status, 'open'), isNotNull(c.waitingSince)))).map((row) => row.id),
      async setUrgency(conversationId: string, waitingSince: number, urgency: Conversation['urgency']) {
        const still = and(eq(c.id, conversationId), eq(c.status, 'open'), eq(c.waitingSince, waitingSince), ne(c.urgency, urgency));
        return (await db.update(c).set({ urgency }).where(still).returning({ id: c.id })).length > 0;
      },
    },

    messages: {
      async append(conversation: Conversation, input): Promise<Appended> {
        // Locked before the client id is looked up: a retry racing its original (on another node) waits, then finds it.
        if (!(await lockConversation(conversation.id))) throw new NotFoundError(`No conversation has the id ${conversation.id}.`);
        const existing = await one(db.select({ id: t.messages.id }).from(t.messages).where(and(eq(t.messages.conversationId, conversation.id), eq(t.messages.clientId, input.clientId))));
        if (existing) {
          const row = (await one(selectMessages().where(eq(t.messages.id, existing.id))))!;
          return { message: toMessage(row.m, row.agentName, null, row.subjectName), conversation, created: false };
        }
        const id = nanoid();
        const moved = (await one(db.update(c).set(after(input.author, id, input.at)).where(eq(c.id, conversation.id)).returning()))!;
        const attachment = input.attachment ?? null;
        const fields = { id, conversationId: conversation.id, seq: moved.lastSeq, clientId: input.clientId, author: input.author, agentId: input.agentId, event: null, subjectAgentId: null, params: null, text: input.text, attachmentId: attachment?.id ?? null, attachment, callUrl: input.call?.url ?? null, createdAt: input.at };
        await db.insert(t.messages).values(fields);
        return { message: toMessage(fields, await agentNameOf(input.agentId)), conversation: toConversation(moved), created: true };
      },
      async recordEvent(conversationId, { event, agentId, subjectAgentId = null, params = null, at }): Promise<Message> {
        const moved = await one(db.update(c).set({ lastSeq: sql`${c.lastSeq} + 1` }).where(eq(c.id, conversationId)).returning({ seq: c.lastSeq }));
        if (!moved) throw new NotFoundError(`No conversation has the id ${conversationId}.`);
        const fields = { id: nanoid(), conversationId, seq: moved.seq, clientId: null, author: 'system' as const, agentId, event, subjectAgentId, params, text: '', attachmentId: null, attachment: null, callUrl: null, createdAt: at };
        await db.insert(t.messages).values(fields);
        return toMessage(fields, await agentNameOf(agentId), null, await agentNameOf(subjectAgentId));
      },
      async since(conversationId: string, since: number) {
        const where = and(eq(t.messages.conversationId, conversationId), gt(t.messages.seq, since));
        const emails = await messageEmails(db, where);
        return (await selectMessages().where(where).orderBy(asc(t.messages.seq))).map((r) => toMessage(r.m, r.agentName, emails.get(r.m.id), r.subjectName));
      },
      async attachment(id: string) {
        const row = await one(db.select({ conversationId: t.messages.conversationId, attachment: t.messages.attachment }).from(t.messages).where(eq(t.messages.attachmentId, id)));
        return row?.attachment ? { conversationId: row.conversationId, attachment: row.attachment } : null;
      },
      async before(conversationId: string, before: number, limit: number) {
        const inThread = eq(t.messages.conversationId, conversationId);
        const rows = (await selectMessages().where(and(inThread, lt(t.messages.seq, before))).orderBy(desc(t.messages.seq)).limit(limit)).reverse();
        if (rows.length === 0) return [];
        const emails = await messageEmails(db, and(inThread, gte(t.messages.seq, rows[0]!.m.seq), lt(t.messages.seq, before)));
        return rows.map((r) => toMessage(r.m, r.agentName, emails.get(r.m.id), r.subjectName));
      },
    },

    meta: {
      get: async (key: string) => (await one(db.select().from(t.meta).where(eq(t.meta.key, key))))?.value ?? null,
      async set(key: string, value: string) {
        await db.insert(t.meta).values({ key, value }).onConflictDoUpdate({ target: t.meta.key, set: { value } });
      },
      async setIfAbsent(key: string, value: string) {
        // A racing insert of the same key waits for the other to commit, then keeps its value.
        await db.insert(t.meta).values({ key, value }).onConflictDoNothing();
        return (await one(db.select().from(t.meta).where(eq(t.meta.key, key))))!.value;
      },
      // A racing delete waits for the first one's commit, then finds nothing to delete.
      delete: async (key: string) => (await db.delete(t.meta).where(eq(t.meta.key, key)).returning({ key: t.meta.key })).length > 0,
    },

    customers: postgresCustomers(db),
    mail: createPostgresMailStore(db, async (row) => toMessage(row, await agentNameOf(row.agentId))),
    notifications: createPostgresNotificationStore(db),
    pendingMessages: createPostgresPendingMessages(db),
    contextRecords: createPostgresContextRecords(db),
    history: createPostgresHistoryStore(db),
    templates: createPostgresTemplateStore(db),
    callRooms: createPostgresCallRooms(db),
    jobs: { schedule: (spec) => scheduleJob(db, spec), cancel: (kind, key) => cancelJob(db, kind, key) },
  };
}
