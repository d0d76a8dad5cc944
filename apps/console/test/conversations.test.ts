import { describe, expect, it } from 'vitest';
import {
  filterConversations,
  isUnread,
  sortConversations,
  upsertConversation,
  withMessage,
  withVisitor,
} from '../src/lib/conversations.ts';
import { conversation, message, visitor } from './fixtures.ts';

const ids = (list: readonly { id: string }[]) => list.map((c) => c.id);

describe('sortConversations', () => {
  it('puts the latest activity first and breaks ties by id', () => {
    const list = [conversation('b', { updatedAt: 5 }), conversation('c', { updatedAt: 9 }), conversation('a', { updatedAt: 5 })];
    expect(ids(sortConversations(list))).toEqual(['c', 'a', 'b']);
  });
});

describe('upsertConversation', () => {
  it('adds a new conversation in its place', () => {
    const list = [conversation('a', { updatedAt: 10 }), conversation('b', { updatedAt: 1 })];
    expect(ids(upsertConversation(list, conversation('c', { updatedAt: 5 })))).toEqual(['a', 'c', 'b']);
  });

  it('replaces by id and moves it up when it changed last', () => {
    const list = [conversation('a', { updatedAt: 10 }), conversation('b', { updatedAt: 1 })];
    const next = upsertConversation(list, conversation('b', { updatedAt: 20, status: 'closed' }));
    expect(ids(next)).toEqual(['b', 'a']);
    expect(next[0]!.status).toBe('closed');
    expect(next).toHaveLength(2);
  });

  it('keeps a newer latest message than the incoming summary has', () => {
    const held = conversation('a', { lastMessage: message(3, { conversationId: 'a' }), lastSeq: 3, updatedAt: 3000 });
    const stale = conversation('a', { lastMessage: message(2, { conversationId: 'a' }), lastSeq: 2, updatedAt: 2500, agents: [{ id: 'x', name: 'Xu' }] });
    const [next] = upsertConversation([held], stale);
    expect(next!.lastSeq).toBe(3);
    expect(next!.lastMessage!.seq).toBe(3);
    expect(next!.updatedAt).toBe(3000);
    expect(next!.agents).toEqual([{ id: 'x', name: 'Xu' }]);
  });
});

describe('withMessage', () => {
  it('takes a newer message as the latest one', () => {
    const next = withMessage(conversation('a', { lastSeq: 1, updatedAt: 1000 }), message(2, { at: 5000 }));
    expect(next.lastSeq).toBe(2);
    expect(next.lastMessage!.text).toBe('message 2');
    expect(next.updatedAt).toBe(5000);
  });

  it('returns the same summary for an older or equal message', () => {
    const summary = conversation('a', { lastSeq: 4 });
    expect(withMessage(summary, message(4))).toBe(summary);
    expect(withMessage(summary, message(2))).toBe(summary);
  });

  it('takes a transcript event as a seq, not as the latest message nor as activity', () => {
    const summary = conversation('a', { lastMessage: message(1), lastSeq: 1, updatedAt: 1000 });
    const next = withMessage(summary, message(2, { author: 'system', event: 'joined', authorName: 'Ann', text: '', at: 9000 }));
    expect(next).toMatchObject({ lastSeq: 2, updatedAt: 1000, lastMessage: { seq: 1, text: 'message 1' } });
  });

  it("keeps the customer's question as the latest message when the automatic away reply follows it", () => {
    const summary = conversation('a', { lastMessage: message(1, { text: 'Do you ship to Norway?' }), lastSeq: 1 });
    const next = withMessage(summary, message(2, { author: 'system', text: "Thanks for your message! We're away right now." }));
    expect(next).toMatchObject({ lastSeq: 2, lastMessage: { text: 'Do you ship to Norway?' } });
  });
});

describe('filterConversations', () => {
  const list = [
    conversation('a', { visitor: visitor('va', { online: true }) }),
    conversation('b', { status: 'closed', missed: true }),
    conversation('c', { missed: true }),
  ];
  it('filters by status', () => {
    expect(ids(filterConversations(list, 'all'))).toEqual(['a', 'b', 'c']);
    expect(ids(filterConversations(list, 'open'))).toEqual(['a', 'c']);
    expect(ids(filterConversations(list, 'closed'))).toEqual(['b']);
  });

  it('lists those whose visitor is online, and the missed ones', () => {
    expect(ids(filterConversations(list, 'online'))).toEqual(['a']);
    expect(ids(filterConversations(list, 'missed'))).toEqual(['b', 'c']);
  });
});

describe('withVisitor', () => {
  it('puts the visitor into each of their conversations', () => {
    const shared = visitor('v1');
    const list = [conversation('a', { visitor: shared }), conversation('b'), conversation('c', { visitor: shared })];
    const online = visitor('v1', { online: true });
    const next = withVisitor(list, online);
    expect(next.map((c) => c.visitor.online)).toEqual([true, false, true]);
    expect(next[1]).toBe(list[1]);
  });

  it('returns the list itself when the visitor has no conversation', () => {
    const list = [conversation('a')];
    expect(withVisitor(list, visitor('elsewhere'))).toBe(list);
  });
});

describe('isUnread', () => {
  it('is unread when the visitor spoke after the last seen seq', () => {
    const summary = conversation('a', { lastMessage: message(3), lastSeq: 3 });
    expect(isUnread(summary, undefined)).toBe(true);
    expect(isUnread(summary, 2)).toBe(true);
    expect(isUnread(summary, 3)).toBe(false);
  });

  it('stays read when only a transcript event came after the visitor\'s seen message', () => {
    const summary = conversation('a', { lastMessage: message(3), lastSeq: 4 });
    expect(isUnread(summary, 3)).toBe(false);
  });

  it('is read when an agent spoke last or nothing was said', () => {
    expect(isUnread(conversation('a', { lastMessage: message(3, { author: 'agent' }), lastSeq: 3 }), 0)).toBe(false);
    expect(isUnread(conversation('a'), undefined)).toBe(false);
  });
});
