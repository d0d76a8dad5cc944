import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/adapters/sqlite/db.ts';
import { ConflictError } from '../src/ports/errors.ts';
import { createSqliteStore } from '../src/adapters/sqlite/store.ts';
import type { Store } from '../src/ports/store.ts';

let dir: string;
let store: Store;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'parley-store-'));
  const { db, sqlite } = openDatabase(join(dir, 'parley.db'));
  store = createSqliteStore(db, sqlite);
});
afterEach(() => {
  store.dispose();
  rmSync(dir, { recursive: true, force: true });
});

describe('store on a real SQLite file', () => {
  it('migrates an empty database and is idempotent on reopen', async () => {
    const site = await store.createSite({ name: 'Shop', origins: ['https://shop.example'] });
    store.dispose();
    const { db, sqlite } = openDatabase(join(dir, 'parley.db'));
    store = createSqliteStore(db, sqlite);
    expect((await store.siteByKey(site.key))?.origins).toEqual(['https://shop.example']);
  });

  it('stores a message once however often it is sent, with gapless seqs', async () => {
    const site = await store.createSite({ name: 'Shop', origins: ['https://shop.example'] });
    const visitor = await store.createVisitor({ siteId: site.id, tokenHash: 'h1' });
    const send = (clientId: string, text: string) => store.appendVisitorMessage({ siteId: site.id, visitorId: visitor.id, clientId, text, at: Date.now() });
    const first = await send('c1', 'hello');
    const retry = await send('c1', 'hello');
    const second = await send('c2', 'anyone?');
    expect(first.created).toBe(true);
    expect(retry.created).toBe(false);
    expect(retry.message.id).toBe(first.message.id);
    expect(second.message.seq).toBe(2);
    const all = await store.messagesSince(first.conversation.id, 0);
    expect(all.map((m) => [m.seq, m.text])).toEqual([
      [1, 'hello'],
      [2, 'anyone?'],
    ]);
    expect((await store.messagesSince(first.conversation.id, 1)).map((m) => m.seq)).toEqual([2]);
  });

  it('reopens a closed conversation when the visitor writes again', async () => {
    const site = await store.createSite({ name: 'Shop', origins: [] });
    const visitor = await store.createVisitor({ siteId: site.id, tokenHash: 'h' });
    const { conversation } = await store.appendVisitorMessage({ siteId: site.id, visitorId: visitor.id, clientId: 'a', text: 'hi', at: 1 });
    await store.closeConversation(conversation.id, 2);
    expect((await store.conversation(conversation.id))?.status).toBe('closed');
    const again = await store.appendVisitorMessage({ siteId: site.id, visitorId: visitor.id, clientId: 'b', text: 'back', at: 3 });
    expect(again.conversation.id).toBe(conversation.id);
    expect((await store.summary(conversation.id))?.status).toBe('open');
  });

  it('a reply makes the agent a participant; leave removes them', async () => {
    const site = await store.createSite({ name: 'Shop', origins: [] });
    const agent = await store.createAgent({ email: 'Ann@Shop.example', name: 'Ann', role: 'admin', passwordHash: 'x' });
    const visitor = await store.createVisitor({ siteId: site.id, tokenHash: 'h' });
    const { conversation } = await store.appendVisitorMessage({ siteId: site.id, visitorId: visitor.id, clientId: 'a', text: 'hi', at: 1 });
    const reply = await store.appendAgentMessage({ conversationId: conversation.id, agentId: agent.id, clientId: 'r', text: 'hello!', at: 2 });
    expect(reply.message.authorName).toBe('Ann');
    expect((await store.summary(conversation.id))?.agents).toEqual([{ id: agent.id, name: 'Ann' }]);
    expect((await store.summary(conversation.id))?.waitingSince).toBeNull();
    await store.appendVisitorMessage({ siteId: site.id, visitorId: visitor.id, clientId: 'b', text: 'thanks', at: 5 });
    await store.appendVisitorMessage({ siteId: site.id, visitorId: visitor.id, clientId: 'c', text: 'one more thing', at: 7 });
    expect((await store.summary(conversation.id))?.waitingSince).toBe(5);
    expect((await store.summary(conversation.id))?.replyDue).toEqual({ soonAfter: 120, overdueAfter: 600 });
    await store.leave(conversation.id, agent.id);
    expect((await store.summary(conversation.id))?.agents).toEqual([]);
    expect((await store.summary(conversation.id))?.lastMessage?.text).toBe('one more thing');
  });

  it('refuses a second agent with the same email, whatever its case', async () => {
    await store.createAgent({ email: 'a@shop.example', name: 'A', role: 'admin', passwordHash: 'x' });
    await expect(store.createAgent({ email: 'A@shop.example', name: 'B', role: 'agent', passwordHash: 'y' })).rejects.toBeInstanceOf(ConflictError);
    expect(await store.countAgents()).toBe(1);
  });

  it('finds a visitor only by a token of its own site', async () => {
    const a = await store.createSite({ name: 'A', origins: [] });
    const b = await store.createSite({ name: 'B', origins: [] });
    const visitor = await store.createVisitor({ siteId: a.id, tokenHash: 'same' });
    expect((await store.visitorByToken(a.id, 'same'))?.id).toBe(visitor.id);
    expect(await store.visitorByToken(b.id, 'same')).toBeNull();
  });

  it('backs up a consistent copy while open', async () => {
    await store.createSite({ name: 'Shop', origins: [] });
    const copy = join(dir, 'copy.db');
    await store.backup(copy);
    const { db, sqlite } = openDatabase(copy);
    const other = createSqliteStore(db, sqlite);
    expect((await other.listSites()).map((s) => s.name)).toEqual(['Shop']);
    other.dispose();
  });
});
