/** The customer repository's part of the Store contract: search, links, log entries. Run from describeStore for every adapter. */
import { expect, it } from 'vitest';
import type { Store } from '../../src/ports/store.ts';

export function customerCases(store: () => Store) {
  const visitorWith = async (siteId: string, token: string, details: { name?: string; email?: string; phone?: string } = {}) => {
    const visitor = await store().visitors.create({ siteId, tokenHash: token });
    return Object.keys(details).length > 0 ? store().visitors.update(visitor.id, details) : visitor;
  };

  it('customers: finds customers by name, email or phone in any case, only on the sites asked, never the anonymous', async () => {
    const shop = await store().sites.create({ name: 'Shop', origins: [] });
    const other = await store().sites.create({ name: 'Other', origins: [] });
    const anna = await visitorWith(shop.id, 'a', { name: 'Anna Berg', email: 'anna@example.com' });
    const bob = await visitorWith(shop.id, 'b', { phone: '+46 70 123' });
    const chatted = await visitorWith(shop.id, 'c');
    await store().conversations.ensureOfVisitor({ siteId: shop.id, visitorId: chatted.id, at: 1 });
    await visitorWith(shop.id, 'd');
    const elsewhere = await visitorWith(other.id, 'e', { name: 'Anna Other' });
    const ids = async (q: string, siteIds: string[] | null = [shop.id]) => (await store().customers.search({ siteIds, q, after: null, limit: 10 })).map((row) => row.visitor.id).sort();
    expect(await ids('')).toEqual([anna.id, bob.id, chatted.id].sort());
    expect(await ids('ANNA')).toEqual([anna.id]);
    expect(await ids('@example.')).toEqual([anna.id]);
    expect(await ids('70 12')).toEqual([bob.id]);
    expect(await ids('anna', null)).toEqual([anna.id, elsewhere.id].sort());
    expect(await ids('anna', [])).toEqual([]);
    // LIKE's own wildcards are taken as the characters they are.
    expect(await ids('%')).toEqual([]);
    expect(await ids('_')).toEqual([]);
  });

  it('customers: pages newest first by a keyset, each customer once', async () => {
    const shop = await store().sites.create({ name: 'Shop', origins: [] });
    for (let i = 0; i < 7; i++) await visitorWith(shop.id, `t${i}`, { name: `Customer ${i}` });
    const seen: string[] = [];
    let after = null;
    for (;;) {
      const page = await store().customers.search({ siteIds: null, q: 'customer', after, limit: 3 });
      seen.push(...page.map((row) => row.visitor.id));
      if (page.length < 3) break;
      const last = page.at(-1)!.visitor;
      after = { createdAt: last.createdAt, id: last.id };
    }
    expect(seen).toHaveLength(7);
    expect(new Set(seen).size).toBe(7);
    const all = await store().customers.search({ siteIds: null, q: '', after: null, limit: 10 });
    expect(all.map((row) => row.visitor.id)).toEqual(seen);
  });

  it('customers: a link keeps both visitors, their conversations and tokens, moves what was linked to the visitor, and refuses self, other sites and non-primaries', async () => {
    const shop = await store().sites.create({ name: 'Shop', origins: [] });
    const other = await store().sites.create({ name: 'Other', origins: [] });
    const customer = await visitorWith(shop.id, 'phone', { name: 'Anna', email: 'anna@example.com' });
    const laptop = await visitorWith(shop.id, 'laptop', { name: 'A. Berg' });
    const tablet = await visitorWith(shop.id, 'tablet');
    const foreign = await visitorWith(other.id, 'foreign', { name: 'Anna' });
    const agent = await store().agents.create({ email: 'ann@shop.example', name: 'Ann', role: 'agent', passwordHash: 'x' });
    const first = await store().conversations.ensureOfVisitor({ siteId: shop.id, visitorId: customer.id, at: 1 });
    const second = await store().conversations.ensureOfVisitor({ siteId: shop.id, visitorId: laptop.id, at: 2 });
    await store().messages.append(first, { clientId: 'a', text: 'from the phone', at: 1, author: 'visitor', agentId: null });
    await store().messages.append(second, { clientId: 'b', text: 'from the laptop', at: 2, author: 'visitor', agentId: null });
    await store().customers.addLog({ customerId: laptop.id, agentId: agent.id, kind: 'call', minutes: 5, text: 'asked about delivery', at: 3 });

    expect(await store().customers.link(tablet.id, laptop.id)).toBe(true);
    expect(await store().customers.link(laptop.id, customer.id)).toBe(true);
    expect((await store().customers.members(customer.id)).map((v) => v.id)).toEqual([customer.id, laptop.id, tablet.id]);
    expect((await store().visitors.byId(tablet.id))?.customerId).toBe(customer.id);
    expect((await store().customers.conversations(customer.id)).map((c) => c.id)).toEqual([second.id, first.id]);
    expect((await store().messages.since(second.id, 0)).map((m) => m.text)).toEqual(['from the laptop']);
    expect((await store().visitors.byToken(shop.id, 'laptop'))?.id).toBe(laptop.id);
    expect((await store().customers.log(customer.id)).map((e) => [e.kind, e.minutes, e.text, e.agentName])).toEqual([['call', 5, 'asked about delivery', 'Ann']]);
    expect(await store().customers.members(laptop.id)).toEqual([]);

    expect(await store().customers.link(customer.id, customer.id)).toBe(false);
    expect(await store().customers.link(customer.id, laptop.id)).toBe(false);
    expect(await store().customers.link(foreign.id, customer.id)).toBe(false);
    expect((await store().customers.search({ siteIds: [shop.id], q: 'berg', after: null, limit: 10 })).map((row) => [row.visitor.id, row.linked])).toEqual([[customer.id, 2]]);
  });

  it('customers: two crossing links at once leave one primary, never a cycle', async () => {
    const shop = await store().sites.create({ name: 'Shop', origins: [] });
    const a = await visitorWith(shop.id, 'a', { name: 'A' });
    const b = await visitorWith(shop.id, 'b', { name: 'B' });
    const results = await Promise.all([store().transaction((tx) => tx.customers.link(a.id, b.id)), store().transaction((tx) => tx.customers.link(b.id, a.id))]);
    expect(results.filter(Boolean)).toHaveLength(1);
    const links = [await store().visitors.byId(a.id), await store().visitors.byId(b.id)].map((v) => v?.customerId ?? null);
    expect(links.filter((id) => id === null)).toHaveLength(1);
  });

  it('customers: log entries newest first, with the agent who wrote them', async () => {
    const shop = await store().sites.create({ name: 'Shop', origins: [] });
    const customer = await visitorWith(shop.id, 'a', { name: 'Anna' });
    const agent = await store().agents.create({ email: 'ann@shop.example', name: 'Ann', role: 'agent', passwordHash: 'x' });
    const note = await store().customers.addLog({ customerId: customer.id, agentId: agent.id, kind: 'note', minutes: null, text: 'prefers email', at: 10 });
    await store().customers.addLog({ customerId: customer.id, agentId: agent.id, kind: 'meeting', minutes: 30, text: 'at the shop', at: 20 });
    expect(note).toMatchObject({ customerId: customer.id, kind: 'note', minutes: null, text: 'prefers email', agentName: 'Ann', at: 10 });
    expect((await store().customers.log(customer.id)).map((e) => e.text)).toEqual(['at the shop', 'prefers email']);
  });

  it('customers: a transcript event keeps its parameters, and a visitor may be its author (no agent)', async () => {
    const shop = await store().sites.create({ name: 'Shop', origins: [] });
    const visitor = await visitorWith(shop.id, 'a');
    const conversation = await store().conversations.ensureOfVisitor({ siteId: shop.id, visitorId: visitor.id, at: 1 });
    const recorded = await store().messages.recordEvent(conversation.id, { event: 'details', agentId: null, params: { field: 'email', value: 'x@example.com' }, at: 2 });
    expect(recorded).toMatchObject({ event: 'details', agentId: null, agentName: null, params: { field: 'email', value: 'x@example.com' } });
    const [stored] = await store().messages.since(conversation.id, 0);
    expect(stored).toMatchObject({ event: 'details', agentId: null, params: { field: 'email', value: 'x@example.com' } });
  });
}
