/**
 * What every Store adapter must do, run unchanged against each: repositories, the summary fields
 * kept on write, transactions (all or nothing, gapless seqs under concurrency), the mail outbox.
 */
import { DEFAULT_LIST_QUERY, LIST_STATUSES, LIST_VIEWS, type ListCursor, type ListQuery, parseSiteSettings } from '@parley/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashToken } from '../../src/core/auth/tokens.ts';
import { composeFallback, mailSender } from '../../src/core/mail/compose.ts';
import { ConflictError } from '../../src/ports/errors.ts';
import type { Conversation, ConversationRow, ListSelection, Store } from '../../src/ports/store.ts';
import { customerCases } from './customers.contract.ts';

export interface StoreFixture {
  store: Store;
  /** Closes the store and opens the same database again. */
  reopen(): Promise<Store>;
  /** Opens a consistent copy made by backup(file). */
  openCopy(file: string): Promise<Store>;
  /** A file path for backup() in the fixture's own directory. */
  scratch(name: string): string;
  destroy(): Promise<void>;
}

const sender = mailSender({ publicUrl: 'https://chat.shop.example', mailFrom: 'Shop <chat@shop.example>', repliesByEmail: false, mailRetryBaseMs: 1000, mailMaxAttempts: 30, reconnectGraceMs: 0 }, 'secret');

export function describeStore(name: string, make: () => Promise<StoreFixture>) {
  describe(`Store contract: ${name}`, () => {
    let fixture: StoreFixture;
    let store: Store;
    beforeEach(async () => {
      fixture = await make();
      store = fixture.store;
    });
    afterEach(() => fixture.destroy());

    customerCases(() => store);

    const scene = async () => {
      const site = await store.sites.create({ name: 'Shop', origins: ['https://shop.example'] });
      const visitor = await store.visitors.create({ siteId: site.id, tokenHash: 'h' });
      const agent = await store.agents.create({ email: 'Ann@Shop.example', name: 'Ann', role: 'agent', passwordHash: 'x' });
      const conversation = await store.conversations.ensureOfVisitor({ siteId: site.id, visitorId: visitor.id, at: 1 });
      const visitorSays = (clientId: string, text: string, at = 1) => store.messages.append(conversation, { clientId, text, at, author: 'visitor', agentId: null });
      const agentSays = (clientId: string, text: string, at = 2) => store.messages.append(conversation, { clientId, text, at, author: 'agent', agentId: agent.id });
      return { site, visitor, agent, conversation, visitorSays, agentSays };
    };

    it('keeps what it stored across a reopen, settings parsed with their defaults', async () => {
      const site = await store.sites.create({ name: 'Shop', origins: ['https://shop.example'] });
      await store.sites.update(site.key, { settings: parseSiteSettings({ emailDelay: 5 }) });
      store = await fixture.reopen();
      const again = await store.sites.byKey(site.key);
      expect(again?.origins).toEqual(['https://shop.example']);
      expect(again?.settings).toMatchObject({ emailDelay: 5, chat: true, soonAfter: 180 });
    });

    it('stores a message once however often it is sent, with gapless seqs', async () => {
      const { visitorSays, conversation } = await scene();
      const first = await visitorSays('c1', 'hello');
      const retry = await visitorSays('c1', 'hello');
      const second = await visitorSays('c2', 'anyone?');
      expect([first.created, retry.created, second.created]).toEqual([true, false, true]);
      expect(retry.message.id).toBe(first.message.id);
      expect(second.message.seq).toBe(2);
      expect((await store.messages.since(conversation.id, 0)).map((m) => [m.seq, m.text])).toEqual([
        [1, 'hello'],
        [2, 'anyone?'],
      ]);
      expect((await store.messages.since(conversation.id, 1)).map((m) => m.seq)).toEqual([2]);
    });

    it('keeps a message\'s attachment and finds it by its id, the conversation with it', async () => {
      const { conversation, agent } = await scene();
      const attachment = { id: 'a'.repeat(21), name: 'photo.png', size: 1234, type: 'image/png', image: true, width: 40, height: 30 };
      const sent = await store.messages.append(conversation, { clientId: 'f1', text: 'photo.png', at: 3, author: 'agent', agentId: agent.id, attachment });
      const plain = await store.messages.append(conversation, { clientId: 'f2', text: 'hello', at: 4, author: 'agent', agentId: agent.id });
      expect(sent.message.attachment).toEqual(attachment);
      expect(plain.message.attachment).toBeNull();
      expect((await store.messages.since(conversation.id, 0)).map((m) => m.attachment)).toEqual([attachment, null]);
      expect((await store.messages.append(conversation, { clientId: 'f1', text: 'photo.png', at: 5, author: 'agent', agentId: agent.id, attachment })).message.attachment).toEqual(attachment);
      expect(await store.messages.attachment(attachment.id)).toEqual({ conversationId: conversation.id, attachment });
      expect(await store.messages.attachment('b'.repeat(21))).toBeNull();
      store = await fixture.reopen();
      expect((await store.messages.since(conversation.id, 0))[0]!.attachment).toEqual(attachment);
    });

    it('reads older history a page at a time: the latest before a seq, in order, down to the first', async () => {
      const { visitorSays, conversation } = await scene();
      for (let i = 1; i <= 7; i++) await visitorSays(`p${i}`, `m${i}`, i);
      const seqs = async (before: number, limit: number) => (await store.messages.before(conversation.id, before, limit)).map((m) => m.seq);
      expect(await seqs(8, 3)).toEqual([5, 6, 7]);
      expect(await seqs(5, 3)).toEqual([2, 3, 4]);
      expect(await seqs(2, 3)).toEqual([1]);
      expect(await seqs(1, 3)).toEqual([]);
      expect((await store.messages.before(conversation.id, 100, 1))[0]).toEqual((await store.messages.since(conversation.id, 6))[0]);
      expect(await store.messages.before('nope', 10, 3)).toEqual([]);
    });

    it('gives 200 concurrent sends to one conversation the seqs 1 to 200, each once', async () => {
      const { conversation } = await scene();
      const sends = Array.from({ length: 200 }, (_, i) =>
        store.transaction(async (tx) => {
          const current = await tx.conversations.ensureOfVisitor({ siteId: conversation.siteId, visitorId: conversation.visitorId, at: 1 });
          return tx.messages.append(current, { clientId: `c${i % 150}`, text: `m${i}`, at: i, author: 'visitor', agentId: null });
        }),
      );
      const results = await Promise.all(sends);
      expect(results.filter((r) => r.created)).toHaveLength(150);
      expect((await store.messages.since(conversation.id, 0)).map((m) => m.seq)).toEqual(Array.from({ length: 150 }, (_, i) => i + 1));
    });

    it('keeps the list fields on write: last message, answered seq, waiting since, agents', async () => {
      const { visitorSays, agentSays, conversation, agent } = await scene();
      await visitorSays('a', 'hi', 1);
      expect((await store.conversations.byId(conversation.id))?.waitingSince).toBe(1);
      const reply = await agentSays('r', 'hello!', 2);
      expect(reply.message.agentName).toBe('Ann');
      expect(reply.conversation).toMatchObject({ answeredSeq: 2, waitingSince: null, lastSeq: 2 });
      await store.conversations.join(conversation.id, agent.id, 2);
      await visitorSays('b', 'thanks', 5);
      await visitorSays('c', 'one more thing', 7);
      const row = await store.conversations.row(conversation.id);
      expect(row?.conversation).toMatchObject({ waitingSince: 5, answeredSeq: 2, agentCount: 1, lastSeq: 4 });
      expect(row?.agents).toEqual([{ id: agent.id, name: 'Ann' }]);
      expect(row?.lastMessage?.text).toBe('one more thing');
      expect(row?.siteSettings.soonAfter).toBe(180);
      expect(await store.conversations.join(conversation.id, agent.id, 9)).toBe(false);
      expect(await store.conversations.leave(conversation.id, agent.id)).toBe(true);
      expect((await store.conversations.row(conversation.id))?.conversation.agentCount).toBe(0);
      expect((await store.conversations.row(conversation.id))?.agents).toEqual([]);
    });

    it('reopens a closed conversation when the visitor writes again', async () => {
      const { visitorSays, conversation } = await scene();
      await visitorSays('a', 'hi');
      await store.conversations.close(conversation.id, 2);
      expect((await store.conversations.byId(conversation.id))?.status).toBe('closed');
      const again = await visitorSays('b', 'back', 3);
      expect(again.conversation).toMatchObject({ id: conversation.id, status: 'open' });
    });

    it('starts a new wait when the visitor reopens a closed conversation they waited in', async () => {
      const { visitorSays, conversation } = await scene();
      await visitorSays('a', 'hi', 1);
      expect(await store.conversations.setUrgency(conversation.id, 1, 'overdue')).toBe(true);
      await store.conversations.close(conversation.id, 2);
      const again = await visitorSays('b', 'back', 3);
      expect(again.conversation).toMatchObject({ status: 'open', waitingSince: 3, urgency: 'none' });
    });

    it("keeps a wait's urgency only while that wait lasts: an answer resets it, a stale wait cannot set it", async () => {
      const { site, visitorSays, agentSays, conversation } = await scene();
      await visitorSays('a', 'hi', 1);
      expect(await store.conversations.waiting(site.id)).toEqual([conversation.id]);
      expect(await store.conversations.setUrgency(conversation.id, 1, 'soon')).toBe(true);
      expect(await store.conversations.setUrgency(conversation.id, 1, 'soon')).toBe(false);
      expect((await store.conversations.row(conversation.id))?.conversation.urgency).toBe('soon');
      expect((await agentSays('r', 'hello', 2)).conversation).toMatchObject({ waitingSince: null, urgency: 'none' });
      expect(await store.conversations.waiting(site.id)).toEqual([]);
      expect(await store.conversations.setUrgency(conversation.id, 1, 'overdue')).toBe(false);
      await visitorSays('b', 'still there?', 5);
      expect(await store.conversations.setUrgency(conversation.id, 1, 'overdue')).toBe(false);
      expect(await store.conversations.setUrgency(conversation.id, 5, 'overdue')).toBe(true);
    });

    it('lets an automatic note answer nobody: the wait and the latest message stay the visitor\'s', async () => {
      const { visitorSays, conversation } = await scene();
      await visitorSays('a', 'Is this in stock?', 1);
      const note = await store.messages.append(conversation, { clientId: 'away', text: "We're away", at: 1, author: 'system', agentId: null });
      expect(note.message.seq).toBe(2);
      expect(note.conversation).toMatchObject({ lastSeq: 2, answeredSeq: 0, waitingSince: 1 });
      expect((await store.conversations.row(conversation.id))?.lastMessage?.text).toBe('Is this in stock?');
    });

    describe('the list', () => {
      const NOW = 1_000_000;
      const everything = { scope: null, agentId: 'nobody', query: DEFAULT_LIST_QUERY, online: [], now: NOW };
      const ids = (rows: ConversationRow[]) => rows.map((r) => r.conversation.id);
      const cursor = ({ conversation: c }: ConversationRow) => ({ waitingSince: c.status === 'open' ? c.waitingSince : null, updatedAt: c.updatedAt, id: c.id });
      /** Every page of `limit` rows, following the cursor. */
      const allPages = async (selection: ListSelection, limit: number) => {
        const seen: ConversationRow[] = [];
        for (let after: ListCursor | null = null; ; ) {
          const rows = await store.conversations.list({ ...selection, after, limit });
          seen.push(...rows);
          if (rows.length < limit) return seen;
          after = cursor(rows.at(-1)!);
        }
      };

      /**
       * One site's conversations in every state: `name` says what it is. Waits are dated against
       * NOW; Soon and Overdue are the urgency their deadline jobs would have set.
       */
      const shop = async () => {
        const site = await store.sites.create({ name: 'Shop', origins: [] });
        const ann = await store.agents.create({ email: 'ann@shop.example', name: 'Ann', role: 'agent', passwordHash: 'x' });
        const ben = await store.agents.create({ email: 'ben@shop.example', name: 'Ben', role: 'agent', passwordHash: 'x' });
        const made: Record<string, Conversation> = {};
        const make = async (name: string, { wrote, answered, updated, at = wrote ?? updated ?? 0 }: { wrote?: number; answered?: number; updated?: number; at?: number }, siteId = site.id) => {
          const visitor = await store.visitors.create({ siteId, tokenHash: name });
          let conversation = await store.conversations.ensureOfVisitor({ siteId, visitorId: visitor.id, at });
          if (answered !== undefined) conversation = (await store.messages.append(conversation, { clientId: 'a', text: 'hello', at: answered, author: 'agent', agentId: ann.id })).conversation;
          if (wrote !== undefined) conversation = (await store.messages.append(conversation, { clientId: 'w', text: 'help', at: wrote, author: 'visitor', agentId: null })).conversation;
          made[name] = conversation;
          return conversation;
        };
        await make('overdue', { wrote: NOW - 900_000 });
        await store.conversations.setUrgency(made.overdue!.id, NOW - 900_000, 'overdue');
        await make('soon', { wrote: NOW - 200_000 });
        await store.conversations.setUrgency(made.soon!.id, NOW - 200_000, 'soon');
        await make('pending', { wrote: NOW - 100_000 });
        await store.conversations.join(made.pending!.id, ann.id, NOW);
        await make('answered', { answered: NOW - 50_000 });
        await store.conversations.join(made.answered!.id, ann.id, NOW);
        await store.conversations.assign(made.answered!.id, ann.id, { unlessAssigned: true });
        await make('bens', { answered: NOW - 40_000 });
        await store.conversations.assign(made.bens!.id, ben.id, { unlessAssigned: true });
        await make('closed', { wrote: NOW - 950_000 });
        await store.conversations.close(made.closed!.id, NOW - 30_000);
        await make('missed', { updated: NOW - 20_000 });
        await store.conversations.setMissed(made.missed!.id, true);
        const names = (rows: ConversationRow[]) => rows.map((r) => Object.keys(made).find((name) => made[name]!.id === r.conversation.id));
        return { site, ann, ben, made, make, names };
      };

      it('puts who has waited longest first, then the newest activity; a closed wait waits no more', async () => {
        const { names } = await shop();
        expect(names(await store.conversations.list({ ...everything, after: null, limit: 50 }))).toEqual(['overdue', 'soon', 'pending', 'missed', 'closed', 'bens', 'answered']);
      });

      it('pages by keyset: every conversation exactly once, ties on the same time broken by id', async () => {
        const { make } = await shop();
        for (let i = 0; i < 6; i++) await make(`tie${i}`, { answered: NOW - 45_000 });
        for (let i = 0; i < 4; i++) await make(`wait${i}`, { wrote: NOW - 300_000 });
        const whole = await store.conversations.list({ ...everything, after: null, limit: 100 });
        expect(whole).toHaveLength(17);
        for (const limit of [1, 2, 3, 5, 16]) expect(ids(await allPages(everything, limit))).toEqual(ids(whole));
      });

      it('narrows by view, status, team and site, each alone and combined', async () => {
        const { site, ann, made, make, names } = await shop();
        const list = async (query: Partial<ListQuery>, more: Partial<ListSelection> = {}) =>
          names(await store.conversations.list({ ...everything, agentId: ann.id, query: { ...DEFAULT_LIST_QUERY, ...query }, ...more, after: null, limit: 50 }));
        expect(await list({ view: 'joined' })).toEqual(['pending', 'answered']);
        expect(await list({ view: 'mine' })).toEqual(['answered']);
        expect(await list({ view: 'unassigned' })).toEqual(['overdue', 'soon', 'pending', 'missed', 'closed']);
        expect(await list({ status: 'rep-needed' })).toEqual(['overdue', 'soon']);
        expect(await list({ status: 'pending' })).toEqual(['pending']);
        expect(await list({ status: 'soon' })).toEqual(['soon']);
        expect(await list({ status: 'overdue' })).toEqual(['overdue']);
        expect(await list({ status: 'closed' })).toEqual(['closed']);
        expect(await list({ status: 'missed' })).toEqual(['missed']);
        expect(await list({ status: 'online' }, { online: [made.soon!.visitorId, made.bens!.visitorId, 'elsewhere'] })).toEqual(['soon', 'bens']);
        expect(await list({ view: 'joined', status: 'pending' })).toEqual(['pending']);
        expect(await list({ view: 'mine', status: 'rep-needed' })).toEqual([]);

        const other = await store.sites.create({ name: 'Other', origins: [] });
        await store.teams.create({ name: 'Sales', mode: 'collaboration' });
        await store.sites.update(other.key, { settings: parseSiteSettings({ team: 'Sales' }) });
        await make('sales', { wrote: NOW - 5_000 }, other.id);
        expect(await list({ team: 'Sales' })).toEqual(['sales']);
        expect(await list({ site: site.id, status: 'rep-needed' })).toEqual(['overdue', 'soon']);
        expect(await list({ site: other.id, status: 'rep-needed' })).toEqual(['sales']);
        expect(await list({ team: 'Sales', site: site.id })).toEqual([]);
        expect(await list({}, { scope: { whole: [other.id], unassignedOrOwn: [], agentId: ann.id } })).toEqual(['sales']);
        expect(await list({}, { scope: { whole: [], unassignedOrOwn: [site.id], agentId: ann.id } })).toEqual(['overdue', 'soon', 'pending', 'missed', 'closed', 'answered']);
        expect(await list({}, { scope: { whole: [], unassignedOrOwn: [], agentId: ann.id } })).toEqual([]);
      });

      it('counts in one statement what each view and status lists, the other choices kept', async () => {
        const { ann, made, site } = await shop();
        const online = [made.soon!.visitorId];
        for (const query of [DEFAULT_LIST_QUERY, { ...DEFAULT_LIST_QUERY, view: 'joined' as const }, { ...DEFAULT_LIST_QUERY, status: 'rep-needed' as const, site: site.id }, { ...DEFAULT_LIST_QUERY, team: 'Nobody' }]) {
          const selection = { ...everything, agentId: ann.id, online, query };
          const counts = await store.conversations.counts(selection);
          const length = async (q: Partial<ListQuery>) => (await store.conversations.list({ ...selection, query: { ...query, ...q }, after: null, limit: 50 })).length;
          for (const view of LIST_VIEWS) expect(counts.views[view], `${view} of ${JSON.stringify(query)}`).toBe(await length({ view }));
          for (const status of LIST_STATUSES) expect(counts.statuses[status], `${status} of ${JSON.stringify(query)}`).toBe(await length({ status }));
        }
        expect(await store.conversations.counts({ ...everything, agentId: ann.id, online })).toEqual({
          views: { all: 7, joined: 2, mine: 1, unassigned: 5 },
          statuses: { online: 1, 'rep-needed': 2, pending: 1, soon: 1, overdue: 1, closed: 1, missed: 1 },
        });
      });
    });

    it('writes all of a transaction or none of it', async () => {
      const { conversation } = await scene();
      await expect(
        store.transaction(async (tx) => {
          await tx.messages.append(conversation, { clientId: 'gone', text: 'never stored', at: 1, author: 'visitor', agentId: null });
          throw new Error('refused');
        }),
      ).rejects.toThrow('refused');
      expect(await store.messages.since(conversation.id, 0)).toEqual([]);
      expect((await store.conversations.byId(conversation.id))?.lastSeq).toBe(0);
    });

    it('keeps one failed transaction from undoing others that ran beside it', async () => {
      const { conversation } = await scene();
      const append = (clientId: string, fail: boolean) =>
        store.transaction(async (tx) => {
          await tx.messages.append(conversation, { clientId, text: clientId, at: 1, author: 'visitor', agentId: null });
          if (fail) throw new Error(`${clientId} refused`);
        });
      const results = await Promise.allSettled([append('a', false), append('b', true), append('c', false)]);
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      expect((await store.messages.since(conversation.id, 0)).map((m) => [m.seq, m.text])).toEqual([
        [1, 'a'],
        [2, 'c'],
      ]);
    });

    it('refuses a second agent with the same email, whatever its case', async () => {
      await store.agents.create({ email: 'a@shop.example', name: 'A', role: 'admin', passwordHash: 'x' });
      await expect(store.agents.create({ email: 'A@shop.example', name: 'B', role: 'agent', passwordHash: 'y' })).rejects.toBeInstanceOf(ConflictError);
      expect(await store.agents.count()).toBe(1);
    });

    it("keeps an agent's photo and finds the agent by it only while it is theirs", async () => {
      const ann = await store.agents.create({ email: 'ann@shop.example', name: 'Ann', role: 'agent', passwordHash: 'x' });
      expect(ann.avatar).toBeNull();
      expect((await store.agents.update(ann.id, { avatar: 'V1StGXR8_Z5jdHi6B-myT.png' })).avatar).toBe('V1StGXR8_Z5jdHi6B-myT.png');
      expect((await store.agents.byAvatar('V1StGXR8_Z5jdHi6B-myT.png'))?.id).toBe(ann.id);
      await store.agents.update(ann.id, { avatar: 'Uakgb_J5m9g-0JDMbcJqL.webp' });
      expect(await store.agents.byAvatar('V1StGXR8_Z5jdHi6B-myT.png')).toBeNull();
      expect((await store.agents.byId(ann.id))?.avatar).toBe('Uakgb_J5m9g-0JDMbcJqL.webp');
      await store.agents.update(ann.id, { avatar: null });
      expect(await store.agents.byAvatar('Uakgb_J5m9g-0JDMbcJqL.webp')).toBeNull();
    });

    it('finds a visitor only by a token of its own site, and a session only until it expires', async () => {
      const a = await store.sites.create({ name: 'A', origins: [] });
      const b = await store.sites.create({ name: 'B', origins: [] });
      const visitor = await store.visitors.create({ siteId: a.id, tokenHash: 'same' });
      expect((await store.visitors.byToken(a.id, 'same'))?.id).toBe(visitor.id);
      expect(await store.visitors.byToken(b.id, 'same')).toBeNull();
      const agent = await store.agents.create({ email: 'a@shop.example', name: 'A', role: 'admin', passwordHash: 'x' });
      await store.sessions.create({ tokenHash: 't', agentId: agent.id, expiresAt: 100 });
      expect((await store.sessions.agent('t', 99))?.id).toBe(agent.id);
      expect(await store.sessions.agent('t', 100)).toBeNull();
    });

    it('ends sessions one at a time or all of an agent, and a disabled agent has none', async () => {
      const agent = await store.agents.create({ email: 'a@shop.example', name: 'A', role: 'agent', passwordHash: 'x' });
      const other = await store.agents.create({ email: 'b@shop.example', name: 'B', role: 'agent', passwordHash: 'x' });
      for (const [tokenHash, agentId] of [['a1', agent.id], ['a2', agent.id], ['a3', agent.id], ['b1', other.id]] as const) await store.sessions.create({ tokenHash, agentId, expiresAt: 100 });
      expect(await store.sessions.delete('a1')).toBe(true);
      expect(await store.sessions.delete('a1')).toBe(false);
      await store.agents.update(agent.id, { disabledAt: 5 });
      expect(await store.sessions.agent('a2', 0)).toBeNull();
      await store.agents.update(agent.id, { disabledAt: null });
      expect((await store.sessions.agent('a2', 0))?.id).toBe(agent.id);
      await store.sessions.deleteOfAgent(agent.id);
      expect(await store.sessions.agent('a3', 0)).toBeNull();
      expect((await store.sessions.agent('b1', 0))?.id).toBe(other.id);
      expect((await store.agents.byEmail('A@SHOP.example'))?.disabledAt).toBeNull();
      await store.agents.setPasswordHash(agent.id, 'y');
      expect((await store.agents.credentials('a@shop.example'))?.passwordHash).toBe('y');
      await expect(store.agents.setPasswordHash('nope', 'y')).rejects.toThrow();
    });

    it('parses the user agent once, when a page view stores it, and counts visits after 30 quiet minutes', async () => {
      const { visitor } = await scene();
      const ua = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36';
      await store.visitors.recordPageView(visitor.id, { at: 1000, page: { url: 'https://shop.example/', title: 'Home', referrer: 'https://search.example/' }, userAgent: ua, language: 'en', timeZone: 'UTC' });
      await store.visitors.recordPageView(visitor.id, { at: 2000, page: { url: 'https://shop.example/b', title: 'B', referrer: '' }, userAgent: null, language: null, timeZone: null });
      expect(await store.visitors.byId(visitor.id)).toMatchObject({ browser: 'Chrome 126', os: 'macOS Catalina', visits: 1, referrer: 'https://search.example/', page: { url: 'https://shop.example/b' } });
      await store.visitors.recordPageView(visitor.id, { at: 2000 + 31 * 60_000, page: null, userAgent: null, language: null, timeZone: null });
      expect((await store.visitors.byId(visitor.id))?.visits).toBe(2);
    });

    it('backs up a consistent copy while open', async () => {
      await store.sites.create({ name: 'Shop', origins: [] });
      const copy = fixture.scratch('copy.db');
      await store.backup(copy);
      const other = await fixture.openCopy(copy);
      expect((await other.sites.list()).map((s) => s.name)).toEqual(['Shop']);
      await other.close();
    });

    describe('pending messages', () => {
      it("lists what is still pending, soonest first: one author's, or everyone's", async () => {
        const { site, visitor, agent } = await scene();
        const bob = await store.agents.create({ email: 'bob@shop.example', name: 'Bob', role: 'agent', passwordHash: 'x' });
        const add = (agentId: string, sendAt: number) => store.pendingMessages.add({ siteId: site.id, visitorId: visitor.id, agentId, text: `at ${sendAt}`, sendAt, createdAt: 1 });
        const late = await add(agent.id, 300);
        const soon = await add(bob.id, 100);
        const mid = await add(agent.id, 200);
        expect(late).toMatchObject({ status: 'pending', doneAt: null, visitorId: visitor.id, text: 'at 300' });
        expect((await store.pendingMessages.pending(null, 10)).map((p) => p.id)).toEqual([soon.id, mid.id, late.id]);
        expect((await store.pendingMessages.pending(agent.id, 10)).map((p) => p.id)).toEqual([mid.id, late.id]);
        expect((await store.pendingMessages.pending(null, 1)).map((p) => p.id)).toEqual([soon.id]);
        await store.pendingMessages.finish(mid.id, 'sent', 5);
        expect((await store.pendingMessages.pending(agent.id, 10)).map((p) => p.id)).toEqual([late.id]);
        expect(await store.pendingMessages.byId(mid.id)).toMatchObject({ status: 'sent', doneAt: 5 });
        expect(await store.pendingMessages.byId('nope')).toBeNull();
      });

      it('lets a message leave pending once: of a send and a cancel racing, exactly one wins', async () => {
        const { site, visitor, agent } = await scene();
        for (let i = 0; i < 20; i++) {
          const pending = await store.pendingMessages.add({ siteId: site.id, visitorId: visitor.id, agentId: agent.id, text: 'x', sendAt: 10, createdAt: 1 });
          const [sent, cancelled] = await Promise.all([
            store.transaction((tx) => tx.pendingMessages.finish(pending.id, 'sent', 2)),
            store.transaction((tx) => tx.pendingMessages.finish(pending.id, 'cancelled', 2)),
          ]);
          expect([sent, cancelled].filter(Boolean)).toHaveLength(1);
          expect(await store.pendingMessages.finish(pending.id, 'cancelled', 3)).toBeNull();
        }
      });

      it("cancels only the author's own when asked for one author", async () => {
        const { site, visitor, agent } = await scene();
        const bob = await store.agents.create({ email: 'bob@shop.example', name: 'Bob', role: 'agent', passwordHash: 'x' });
        const pending = await store.pendingMessages.add({ siteId: site.id, visitorId: visitor.id, agentId: agent.id, text: 'x', sendAt: 10, createdAt: 1 });
        expect(await store.pendingMessages.finish(pending.id, 'cancelled', 2, bob.id)).toBeNull();
        expect(await store.pendingMessages.finish(pending.id, 'cancelled', 2, agent.id)).toMatchObject({ status: 'cancelled', doneAt: 2 });
      });

      it('survives a reopen', async () => {
        const { site, visitor, agent } = await scene();
        const pending = await store.pendingMessages.add({ siteId: site.id, visitorId: visitor.id, agentId: agent.id, text: 'later', sendAt: 10, createdAt: 1 });
        store = await fixture.reopen();
        expect(await store.pendingMessages.byId(pending.id)).toEqual(pending);
      });
    });

    describe('context records', () => {
      it('keeps one record per type and id, a repeat replacing it, oldest first, with the adding agent named', async () => {
        const { visitor, agent } = await scene();
        const put = (type: string, id: string, label: string, at: number, agentId: string | null = null, url: string | null = null) => store.contextRecords.put({ visitorId: visitor.id, type, id, label, url, agentId, at }, 3);
        expect(await put('order', '1234', 'Order #1234', 1, null, 'https://shop.example/orders/1234')).toBe(true);
        expect(await put('cart', 'c1', 'Cart', 2, agent.id)).toBe(true);
        expect(await put('order', '1234', 'Order #1234 (paid)', 3)).toBe(true);
        expect(await store.contextRecords.of(visitor.id)).toEqual([
          { visitorId: visitor.id, type: 'cart', id: 'c1', label: 'Cart', url: null, agentId: agent.id, agentName: 'Ann', at: 2 },
          { visitorId: visitor.id, type: 'order', id: '1234', label: 'Order #1234 (paid)', url: null, agentId: null, agentName: null, at: 3 },
        ]);
      });

      it('refuses a new record past the limit but still replaces an existing one; removes one at a time', async () => {
        const { visitor } = await scene();
        const put = (id: string, label = id) => store.contextRecords.put({ visitorId: visitor.id, type: 'order', id, label, url: null, agentId: null, at: 1 }, 2);
        expect([await put('a'), await put('b'), await put('c'), await put('a', 'A again')]).toEqual([true, true, false, true]);
        expect((await store.contextRecords.of(visitor.id)).map((r) => r.label)).toEqual(['A again', 'b']);
        expect(await store.contextRecords.remove(visitor.id, 'order', 'a')).toBe(true);
        expect(await store.contextRecords.remove(visitor.id, 'order', 'a')).toBe(false);
        expect(await put('c')).toBe(true);
        store = await fixture.reopen();
        expect((await store.contextRecords.of(visitor.id)).map((r) => r.id)).toEqual(['b', 'c']);
      });
    });

    describe('mail', () => {
      /** A visitor with an address, their question, and `replies` agent replies. */
      async function emailable(replies = 2) {
        const { visitor, visitorSays, agentSays, conversation } = await scene();
        await store.visitors.update(visitor.id, { email: 'ada@example.com' });
        await visitorSays('v', 'Hi', 1);
        for (let i = 0; i < replies; i++) await agentSays(`a${i}`, `Reply ${i}`, 2 + i);
        return { conversationId: conversation.id, visitorId: visitor.id, agentSays };
      }
      async function queue(conversationId: string, now = 10) {
        const draft = (await store.mail.fallbackDraft(conversationId, 5))!;
        return { draft, change: await store.mail.queueFallback(draft, await composeFallback(draft, sender, now), now) };
      }

      it('raises visitorSeenSeq only, and never past the last message', async () => {
        const { conversationId } = await emailable(2);
        await store.conversations.raiseReceipts(conversationId, { visitorSeenSeq: 2 });
        await store.conversations.raiseReceipts(conversationId, { visitorSeenSeq: 1 });
        expect((await store.conversations.byId(conversationId))?.visitorSeenSeq).toBe(2);
        await store.conversations.raiseReceipts(conversationId, { visitorSeenSeq: 99 });
        expect((await store.conversations.byId(conversationId))?.visitorSeenSeq).toBe(3);
        expect(await store.mail.fallbackCandidates()).toEqual([]);
      });

      it('raises each receipt on its own, never lowers one, and says whether any rose', async () => {
        const { conversationId } = await emailable(2);
        const marks = async () => {
          const c = (await store.conversations.byId(conversationId))!;
          return [c.visitorDeliveredSeq, c.visitorSeenSeq, c.agentDeliveredSeq, c.agentSeenSeq];
        };
        expect(await marks()).toEqual([0, 0, 0, 0]);
        const raised = await store.conversations.raiseReceipts(conversationId, { visitorDeliveredSeq: 3, agentDeliveredSeq: 1 });
        expect([raised?.visitorDeliveredSeq, raised?.agentDeliveredSeq]).toEqual([3, 1]);
        expect(await marks()).toEqual([3, 0, 1, 0]);
        // Lower, equal or nothing at all: no change, and null says so.
        expect(await store.conversations.raiseReceipts(conversationId, { visitorDeliveredSeq: 2, agentDeliveredSeq: 1 })).toBeNull();
        expect(await store.conversations.raiseReceipts(conversationId, {})).toBeNull();
        // One rising is enough to change the row; the lower one beside it stays where it was.
        expect(await store.conversations.raiseReceipts(conversationId, { visitorDeliveredSeq: 1, agentSeenSeq: 50 })).not.toBeNull();
        expect(await marks()).toEqual([3, 0, 1, 3]);
        expect(await store.conversations.raiseReceipts('nope', { agentSeenSeq: 1 })).toBeNull();
      });

      it('finds unseen replies, and queues them once with emailedSeq moved past them', async () => {
        const { conversationId, visitorId } = await emailable(2);
        await store.conversations.raiseReceipts(conversationId, { visitorSeenSeq: 2 });
        expect(await store.mail.fallbackCandidates()).toEqual([{ conversationId, visitorId, siteSettings: parseSiteSettings({}), oldestUnseenAt: 3 }]);
        expect(await store.mail.fallbackCandidates(conversationId)).toEqual(await store.mail.fallbackCandidates());
        expect(await store.mail.fallbackCandidates('another')).toEqual([]);
        const { draft, change } = await queue(conversationId);
        expect(draft.context.map((m) => m.text)).toEqual(['Hi', 'Reply 0']);
        expect(draft.unseen.map((m) => [m.text, m.agentName])).toEqual([['Reply 1', 'Ann']]);
        expect(change).toMatchObject({ conversationId, email: { status: 'queued', error: null } });
        expect(await store.mail.fallbackCandidates()).toEqual([]);
        expect(await store.mail.queueFallback(draft, await composeFallback(draft, sender, 11), 11)).toBeNull();
        expect(await store.mail.listOutbox(10)).toHaveLength(1);
      });

      it('refuses a draft the conversation moved past while the email was built', async () => {
        const { conversationId } = await emailable(1);
        const draft = (await store.mail.fallbackDraft(conversationId, 5))!;
        const email = await composeFallback(draft, sender, 10);
        await store.conversations.raiseReceipts(conversationId, { visitorSeenSeq: 2 });
        expect(await store.mail.queueFallback(draft, email, 10)).toBeNull();
        expect(await store.mail.listOutbox(10)).toEqual([]);
        expect(await store.mail.consumeContinueLink(email.continueTokenHash, 10)).toBeNull();
      });

      it("shows each message's email state in history: queued while sending, failed with its reason", async () => {
        const { conversationId } = await emailable(1);
        const { change } = await queue(conversationId);
        const state = async () => (await store.messages.since(conversationId, 0)).map((m) => m.email);
        expect(await state()).toEqual([null, { status: 'queued', error: null }]);
        const { claimed } = await store.mail.claimDueEmail(10, 15);
        expect(claimed).toMatchObject({ attempts: 1, change });
        expect(await store.mail.claimDueEmail(10, 15)).toEqual({ claimed: null, failed: [] });
        await store.mail.markEmailRetry(claimed!.id, '421 try later', 20);
        expect(await state()).toEqual([null, { status: 'queued', error: '421 try later' }]);
        expect((await store.mail.claimDueEmail(19, 25)).claimed).toBeNull();
        await store.mail.claimDueEmail(20, 25);
        await store.mail.markEmailFailed(claimed!.id, '550 no such user');
        expect(await state()).toEqual([null, { status: 'failed', error: '550 no such user' }]);
      });

      it('puts rows a crash left in sending back in the queue once their attempt is over, same bytes', async () => {
        const { conversationId } = await emailable(1);
        await queue(conversationId);
        const { claimed } = await store.mail.claimDueEmail(10, 40);
        // Still within its attempt: another sender may be waiting for the SMTP server's answer.
        expect(await store.mail.requeueInterrupted(39)).toBe(0);
        expect(await store.mail.requeueInterrupted(50)).toBe(1);
        const again = (await store.mail.claimDueEmail(50, 80)).claimed!;
        expect(again).toMatchObject({ id: claimed!.id, messageIdHeader: claimed!.messageIdHeader, raw: claimed!.raw, attempts: 2 });
      });

      it('holds mail to an address awaiting confirmation, and releases it (links renewed) once confirmed', async () => {
        const { conversationId, visitorId, agentSays } = await emailable(1);
        expect(await store.mail.addressState(visitorId, 'ada@example.com')).toBe('unconfirmed');
        const first = (await store.mail.fallbackDraft(conversationId, 5))!;
        await store.mail.queueFallback(first, await composeFallback(first, sender, 10, 'confirmation'), 10, 'confirm');
        expect(await store.mail.addressState(visitorId, 'ada@example.com')).toBe('requested');
        await agentSays('later', 'One more thing', 20);
        const second = (await store.mail.fallbackDraft(conversationId, 5))!;
        const held = { ...(await composeFallback(second, sender, 21)), continueTokenHash: hashToken('held'), continueExpiresAt: 30 };
        expect(await store.mail.queueFallback(second, held, 21, 'hold')).toMatchObject({ email: { status: 'held', error: null } });
        expect((await store.messages.since(conversationId, 0)).map((m) => m.email?.status ?? null)).toEqual([null, 'queued', 'held']);
        // Held mail is not due: only the confirmation request goes.
        expect((await store.mail.claimDueEmail(50, 60)).claimed?.id).not.toBe(held.id);
        expect((await store.mail.claimDueEmail(50, 60)).claimed).toBeNull();
        expect(await store.mail.confirmAddress(visitorId, 'other@example.com', 60, 1000)).toEqual([]);
        const released = await store.mail.confirmAddress(visitorId, 'ada@example.com', 60, 1000);
        expect(released).toMatchObject([{ conversationId, email: { status: 'queued' } }]);
        expect(await store.mail.addressState(visitorId, 'ada@example.com')).toBe('confirmed');
        expect((await store.mail.claimDueEmail(60, 70)).claimed?.id).toBe(held.id);
        // It waited past its continue link's 30: confirming renewed it.
        expect(await store.mail.consumeContinueLink(hashToken('held'), 500)).toEqual({ visitorId, conversationId });
      });

      it('fails held mail when the visitor unsubscribes', async () => {
        const { conversationId, visitorId } = await emailable(1);
        const draft = (await store.mail.fallbackDraft(conversationId, 5))!;
        await store.mail.queueFallback(draft, await composeFallback(draft, sender, 10), 10, 'hold');
        const { failed } = await store.mail.setEmailStatus(visitorId, 'unsubscribed');
        expect(failed).toMatchObject([{ email: { status: 'failed', error: 'unsubscribed' } }]);
      });

      it('uses a continue link once, atomically', async () => {
        const { conversationId, visitorId } = await emailable(1);
        const draft = (await store.mail.fallbackDraft(conversationId, 5))!;
        const email = { ...(await composeFallback(draft, sender, 10)), continueTokenHash: hashToken('t'), continueExpiresAt: 100 };
        await store.mail.queueFallback(draft, email, 10);
        expect(await store.mail.consumeContinueLink(hashToken('t'), 100)).toBeNull();
        const results = await Promise.all([store.mail.consumeContinueLink(hashToken('t'), 50), store.mail.consumeContinueLink(hashToken('t'), 50)]);
        expect(results.filter(Boolean)).toEqual([{ visitorId, conversationId }]);
      });
    });
  });
}
