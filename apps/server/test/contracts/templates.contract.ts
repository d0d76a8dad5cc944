/** What every Store adapter must do for templates (shortcuts unique per scope, listed per agent) and call rooms (drawn once per conversation). */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError } from '../../src/ports/errors.ts';
import type { Store } from '../../src/ports/store.ts';
import type { StoreFixture } from './store.contract.ts';

export function describeTemplateStore(name: string, make: () => Promise<StoreFixture>) {
  describe(`Store contract, templates and call rooms: ${name}`, () => {
    let fixture: StoreFixture;
    let store: Store;
    beforeEach(async () => {
      fixture = await make();
      store = fixture.store;
    });
    afterEach(() => fixture.destroy());

    const agents = async () => ({
      ann: await store.agents.create({ email: 'ann@shop.example', name: 'Ann', role: 'admin', passwordHash: 'x' }),
      bob: await store.agents.create({ email: 'bob@shop.example', name: 'Bob', role: 'agent', passwordHash: 'x' }),
    });

    it("lists the shared templates and the agent's own, never another's, by shortcut", async () => {
      const { ann, bob } = await agents();
      await store.templates.create({ ownerId: null, shortcut: 'shipping', body: 'We ship in 2 days.', at: 1 });
      await store.templates.create({ ownerId: bob.id, shortcut: 'shipping', body: 'Bob ships.', at: 2 });
      await store.templates.create({ ownerId: ann.id, shortcut: 'hello', body: 'Hi from Ann', at: 3 });
      await store.templates.create({ ownerId: bob.id, shortcut: 'bye', body: 'Bye!', at: 4 });
      expect((await store.templates.listFor(bob.id)).map((t) => [t.shortcut, t.ownerId])).toEqual([
        ['bye', bob.id],
        ['shipping', null],
        ['shipping', bob.id],
      ]);
      expect((await store.templates.listFor(ann.id)).map((t) => t.shortcut)).toEqual(['hello', 'shipping']);
      const [stored] = await store.templates.listFor(bob.id);
      expect(stored).toMatchObject({ body: 'Bye!', createdAt: 4, updatedAt: 4 });
      expect(await store.templates.byId(stored!.id)).toEqual(stored);
    });

    it('keeps a shortcut unique within its scope: twice shared, or twice the same agent\'s, is a conflict', async () => {
      const { ann, bob } = await agents();
      await store.templates.create({ ownerId: null, shortcut: 'shipping', body: 'a', at: 1 });
      await expect(store.templates.create({ ownerId: null, shortcut: 'shipping', body: 'b', at: 1 })).rejects.toBeInstanceOf(ConflictError);
      await store.templates.create({ ownerId: ann.id, shortcut: 'shipping', body: 'c', at: 1 });
      await store.templates.create({ ownerId: bob.id, shortcut: 'shipping', body: 'd', at: 1 });
      await expect(store.templates.create({ ownerId: bob.id, shortcut: 'shipping', body: 'e', at: 1 })).rejects.toBeInstanceOf(ConflictError);
      const other = await store.templates.create({ ownerId: bob.id, shortcut: 'other', body: 'f', at: 1 });
      await expect(store.templates.update(other.id, { shortcut: 'shipping', at: 2 })).rejects.toBeInstanceOf(ConflictError);
    });

    it('updates and deletes, and says when there is nothing to update or delete', async () => {
      const { bob } = await agents();
      const made = await store.templates.create({ ownerId: bob.id, shortcut: 'hi', body: 'Hi', at: 1 });
      expect(await store.templates.update(made.id, { body: 'Hello {visitor.name}', at: 5 })).toEqual({ ...made, body: 'Hello {visitor.name}', updatedAt: 5 });
      expect(await store.templates.update(made.id, { shortcut: 'hello', at: 6 })).toMatchObject({ shortcut: 'hello', body: 'Hello {visitor.name}', updatedAt: 6 });
      expect(await store.templates.delete(made.id)).toBe(true);
      expect(await store.templates.delete(made.id)).toBe(false);
      expect(await store.templates.byId(made.id)).toBeNull();
      await expect(store.templates.update(made.id, { body: 'x', at: 7 })).rejects.toBeInstanceOf(NotFoundError);
    });

    it('draws a conversation\'s call room once, even when two invitations race', async () => {
      const site = await store.sites.create({ name: 'Shop', origins: [] });
      const conversations = await Promise.all(
        ['a', 'b'].map(async (token) => {
          const visitor = await store.visitors.create({ siteId: site.id, tokenHash: token });
          return store.conversations.ensureOfVisitor({ siteId: site.id, visitorId: visitor.id, at: 1 });
        }),
      );
      const [a, b] = conversations as [(typeof conversations)[0], (typeof conversations)[0]];
      const racing = await Promise.all([store.transaction((tx) => tx.callRooms.roomOf(a.id, 'first')), store.transaction((tx) => tx.callRooms.roomOf(a.id, 'second'))]);
      expect(racing[0]).toBe(racing[1]);
      expect(await store.callRooms.roomOf(a.id, 'third')).toBe(racing[0]);
      expect(await store.callRooms.roomOf(b.id, 'other')).toBe('other');
    });

    it('keeps a message\'s call invitation', async () => {
      const site = await store.sites.create({ name: 'Shop', origins: [] });
      const visitor = await store.visitors.create({ siteId: site.id, tokenHash: 'h' });
      const bob = await store.agents.create({ email: 'bob@shop.example', name: 'Bob', role: 'agent', passwordHash: 'x' });
      const conversation = await store.conversations.ensureOfVisitor({ siteId: site.id, visitorId: visitor.id, at: 1 });
      const call = { url: 'https://meet.jit.si/parley-abc' };
      const appended = await store.messages.append(conversation, { clientId: 'c', text: 'Join me', at: 2, author: 'agent', agentId: bob.id, call });
      expect(appended.message.call).toEqual(call);
      await store.messages.append(conversation, { clientId: 'd', text: 'plain', at: 3, author: 'agent', agentId: bob.id });
      expect((await store.messages.since(conversation.id, 0)).map((m) => m.call)).toEqual([call, null]);
    });
  });
}
