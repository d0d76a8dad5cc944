/** What every HistoryStore must do, run unchanged against each Store adapter: text, filters, scope, keyset pages, transcripts. */
import { EMPTY_HISTORY_QUERY, type HistoryCursor, type HistoryQuery, searchTerms } from '@parley/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HistoryRow } from '../../src/ports/history-store.ts';
import type { Conversation, ListScope, Store } from '../../src/ports/store.ts';
import type { StoreFixture } from './store.contract.ts';

export function describeHistory(name: string, make: () => Promise<StoreFixture>) {
  describe(`History contract: ${name}`, () => {
    let fixture: StoreFixture;
    let store: Store;
    beforeEach(async () => {
      fixture = await make();
      store = fixture.store;
    });
    afterEach(() => fixture.destroy());

    /** A conversation on `siteId` of a customer, with these visitor messages at times from `at`. */
    const chat = async (siteId: string, customer: { name?: string; email?: string; phone?: string }, texts: string[], at: number) => {
      const visitor = await store.visitors.create({ siteId, tokenHash: `t${at}-${Math.random()}` });
      if (Object.keys(customer).length > 0) await store.visitors.update(visitor.id, customer);
      let conversation = await store.conversations.ensureOfVisitor({ siteId, visitorId: visitor.id, at });
      for (const [i, text] of texts.entries()) conversation = (await store.messages.append(conversation, { clientId: `c${i}`, text, at: at + i, author: 'visitor', agentId: null })).conversation;
      return conversation;
    };
    const find = (query: Partial<HistoryQuery>, scope: ListScope | null = null, after: HistoryCursor | null = null, limit = 50) => {
      const full = { ...EMPTY_HISTORY_QUERY, ...query };
      return store.history.search({ scope, query: full, terms: searchTerms(full.text), after, limit });
    };
    const ids = (rows: HistoryRow[]) => rows.map((row) => row.conversation.id);

    it('finds by whole words in any case, every word in one message, and shows the newest such message', async () => {
      const site = await store.sites.create({ name: 'Shop', origins: [] });
      const a = await chat(site.id, { name: 'Ann' }, ['Where is my Parcel?', 'the parcel came broken', 'thanks'], 100);
      const b = await chat(site.id, { name: 'Bob' }, ['parcels and more', 'broken', 'came'], 200);
      await chat(site.id, { name: 'Cy' }, ['nothing here'], 300);

      const parcel = await find({ text: 'PARCEL' });
      expect(ids(parcel)).toEqual([a.id]);
      expect(parcel[0]!.snippet).toBe('the parcel came broken');
      expect(parcel[0]!.siteName).toBe('Shop');
      expect(parcel[0]!.visitor.name).toBe('Ann');
      // "broken" and "came" stand in Bob's conversation, but never in one message of it.
      expect(ids(await find({ text: 'came, broken!' }))).toEqual([a.id]);
      expect(ids(await find({ text: 'broken' }))).toEqual([b.id, a.id]);
      // Without text, every conversation, newest activity first, each with its latest message.
      const all = await find({});
      expect(all.map((row) => row.snippet)).toEqual(['nothing here', 'came', 'thanks']);
    });

    it('takes search words literally: query syntax, quotes and operators find words, never fail', async () => {
      const site = await store.sites.create({ name: 'Shop', origins: [] });
      const a = await chat(site.id, {}, ['say "NOT" and NEAR me', 'text: column'], 100);
      for (const text of ['NOT', 'near', '"', 'text:column', '*', 'AND OR', '-x']) await expect(find({ text }), text).resolves.toBeDefined();
      expect(ids(await find({ text: 'not near' }))).toEqual([a.id]);
      expect(ids(await find({ text: 'text column' }))).toEqual([a.id]);
    });

    it('never finds a transcript event, and a message stored later is found at once', async () => {
      const site = await store.sites.create({ name: 'Shop', origins: [] });
      const agent = await store.agents.create({ email: 'joined@shop.example', name: 'Joined', role: 'agent', passwordHash: 'x' });
      const a = await chat(site.id, {}, ['hello'], 100);
      await store.messages.recordEvent(a.id, { event: 'joined', agentId: agent.id, at: 150 });
      expect(await find({ text: 'joined' })).toEqual([]);
      await store.messages.append(a, { clientId: 'late', text: 'refund please', at: 160, author: 'visitor', agentId: null });
      expect(ids(await find({ text: 'refund' }))).toEqual([a.id]);
    });

    it('filters by customer (name, email or phone, any case, % and _ literal), agent, time, status and site', async () => {
      const shop = await store.sites.create({ name: 'Shop', origins: [] });
      const blog = await store.sites.create({ name: 'Blog', origins: [] });
      const ann = await store.agents.create({ email: 'ann@shop.example', name: 'Ann', role: 'agent', passwordHash: 'x' });
      const bob = await store.agents.create({ email: 'bob@shop.example', name: 'Bob', role: 'agent', passwordHash: 'x' });
      const a = await chat(shop.id, { name: 'Maria Lopez', email: 'maria@mail.example' }, ['one'], 1_000);
      const b = await chat(shop.id, { email: 'SAM_100%@mail.example', phone: '+44 20 7946 0018' }, ['two'], 2_000);
      const c = await chat(blog.id, { name: 'Kim' }, ['three', 'four'], 3_000);
      // Ann wrote in a; Bob only joined c.
      await store.messages.append(a, { clientId: 'ann', text: 'hi', at: 1_500, author: 'agent', agentId: ann.id });
      await store.messages.recordEvent(c.id, { event: 'joined', agentId: bob.id, at: 3_100 });
      await store.conversations.close(b.id, 2_500);

      expect(ids(await find({ customer: 'lopez' }))).toEqual([a.id]);
      expect(ids(await find({ customer: 'MAIL.example' }))).toEqual([b.id, a.id]);
      expect(ids(await find({ customer: '100%' }))).toEqual([b.id]);
      expect(ids(await find({ customer: 'm_ria' }))).toEqual([]);
      expect(ids(await find({ customer: '7946' }))).toEqual([b.id]);
      expect(ids(await find({ agent: ann.id }))).toEqual([a.id]);
      expect(ids(await find({ agent: bob.id }))).toEqual([c.id]);
      expect(ids(await find({ status: 'closed' }))).toEqual([b.id]);
      expect(ids(await find({ status: 'open' }))).toEqual([c.id, a.id]);
      expect(ids(await find({ site: blog.id }))).toEqual([c.id]);
      // Active at some time in the range: a ran 1000–1500, b 2000–2500, c 3000–3001.
      expect(ids(await find({ from: 1_400, to: 2_000 }))).toEqual([b.id, a.id]);
      expect(ids(await find({ from: 1_600, to: 2_900 }))).toEqual([b.id]);
      expect(ids(await find({ from: 3_001 }))).toEqual([c.id]);
      expect(ids(await find({ to: 999 }))).toEqual([]);
      expect(ids(await find({ text: 'three', site: shop.id }))).toEqual([]);
    });

    it("keeps to the agent's scope: whole sites, of grab sites only the unassigned and their own, nothing outside", async () => {
      const seen = await store.sites.create({ name: 'Seen', origins: [] });
      const grab = await store.sites.create({ name: 'Grab', origins: [] });
      const other = await store.sites.create({ name: 'Other', origins: [] });
      const ann = await store.agents.create({ email: 'ann@shop.example', name: 'Ann', role: 'agent', passwordHash: 'x' });
      const bob = await store.agents.create({ email: 'bob@shop.example', name: 'Bob', role: 'agent', passwordHash: 'x' });
      const a = await chat(seen.id, {}, ['secret word'], 100);
      const mine = await chat(grab.id, {}, ['secret word'], 200);
      const theirs = await chat(grab.id, {}, ['secret word'], 300);
      const free = await chat(grab.id, {}, ['secret word'], 400);
      await chat(other.id, {}, ['secret word'], 500);
      await store.conversations.assign(mine.id, ann.id, { unlessAssigned: false });
      await store.conversations.assign(theirs.id, bob.id, { unlessAssigned: false });
      const scope = { whole: [seen.id], unassignedOrOwn: [grab.id], agentId: ann.id };
      expect(ids(await find({ text: 'secret' }, scope))).toEqual([free.id, mine.id, a.id]);
      expect(ids(await find({}, { whole: [], unassignedOrOwn: [], agentId: ann.id }))).toEqual([]);
      expect(await find({ text: 'secret' }, null)).toHaveLength(5);
    });

    it('pages newest first by a keyset: every conversation once, ties in time included, whatever is written meanwhile', async () => {
      const site = await store.sites.create({ name: 'Shop', origins: [] });
      const made: Conversation[] = [];
      // Pairs share their time: the id breaks the tie.
      for (let i = 0; i < 25; i++) made.push(await chat(site.id, {}, [`order ${i}`], 1_000 + Math.floor(i / 2) * 10));
      const seen: string[] = [];
      let after: HistoryCursor | null = null;
      for (let page = 0; page < 10; page++) {
        const rows = await find({ text: 'order' }, null, after, 4);
        seen.push(...ids(rows));
        if (rows.length < 4) break;
        const last = rows.at(-1)!.conversation;
        after = { updatedAt: last.updatedAt, id: last.id };
        // A newer conversation arriving between pages goes before the cursor, not into a later page.
        if (page === 1) await chat(site.id, {}, ['order new'], 9_000);
      }
      expect(seen).toHaveLength(25);
      expect(new Set(seen)).toEqual(new Set(made.map((conversation) => conversation.id)));
      const times = seen.map((id) => made.find((conversation) => conversation.id === id)!.updatedAt);
      expect(times).toEqual([...times].sort((x, y) => y - x));
    });

    it('gives every message and event of the conversations asked for, in their order, each in seq order', async () => {
      const site = await store.sites.create({ name: 'Shop', origins: [] });
      const ann = await store.agents.create({ email: 'ann@shop.example', name: 'Ann', role: 'agent', passwordHash: 'x' });
      const a = await chat(site.id, {}, ['a1', 'a2'], 100);
      const b = await chat(site.id, {}, ['b1'], 200);
      await store.messages.recordEvent(a.id, { event: 'joined', agentId: ann.id, at: 300 });
      await store.messages.append(a, { clientId: 'r', text: 'a3', at: 301, author: 'agent', agentId: ann.id });
      const messages = await store.history.transcripts([b.id, a.id]);
      expect(messages.map((m) => [m.conversationId, m.seq, m.text, m.event, m.agentName])).toEqual([
        [b.id, 1, 'b1', null, null],
        [a.id, 1, 'a1', null, null],
        [a.id, 2, 'a2', null, null],
        [a.id, 3, '', 'joined', 'Ann'],
        [a.id, 4, 'a3', null, 'Ann'],
      ]);
      expect(await store.history.transcripts([])).toEqual([]);
    });

    it('searches the same in a backup copy', async () => {
      const site = await store.sites.create({ name: 'Shop', origins: [] });
      const a = await chat(site.id, {}, ['kept in the copy'], 100);
      const file = fixture.scratch('history.backup');
      await store.backup(file);
      const copy = await fixture.openCopy(file);
      const found = await copy.history.search({ scope: null, query: { ...EMPTY_HISTORY_QUERY, text: 'copy' }, terms: ['copy'], after: null, limit: 5 });
      expect(ids(found)).toEqual([a.id]);
      await copy.close();
    });
  });
}
