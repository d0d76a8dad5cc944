import { describe, expect, it } from 'vitest';
import { cursorOf, DEFAULT_LIST_QUERY, hasStatus, type ListQuery, matchesQuery } from '@parley/protocol';
import {
  appendPage,
  isUnread,
  placeConversation,
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

  it('puts who has waited longest first, before any activity; a closed conversation waits no more', () => {
    const list = [
      conversation('new', { updatedAt: 90 }),
      conversation('waits', { waitingSince: 50, updatedAt: 50 }),
      conversation('closed', { status: 'closed', waitingSince: 10, updatedAt: 60 }),
      conversation('longest', { waitingSince: 20, updatedAt: 70 }),
    ];
    expect(ids(sortConversations(list))).toEqual(['longest', 'waits', 'new', 'closed']);
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

describe('the list predicate', () => {
  const me = 'a1';
  const NOW = 1_000_000;
  const query = (fields: Partial<ListQuery>): ListQuery => ({ ...DEFAULT_LIST_QUERY, ...fields });
  const list = [
    conversation('waiting', { waitingSince: NOW - 10_000 }),
    conversation('soon', { waitingSince: NOW - 200_000, urgency: 'soon', agents: [{ id: me, name: 'Ann' }] }),
    conversation('overdue', { waitingSince: NOW - 700_000, urgency: 'overdue', assignee: { id: me, name: 'Ann' }, siteId: 's2' }),
    conversation('theirs', { assignee: { id: 'b2', name: 'Ben' }, team: { name: 'desk', mode: 'collaboration' }, visitor: visitor('v-theirs', { online: true }) }),
    conversation('closed', { status: 'closed', waitingSince: NOW - 900_000, missed: true }),
  ];
  const shown = (q: Partial<ListQuery>) => ids(list.filter((c) => matchesQuery(c, query(q), me)));

  it('keeps to the view: joined, assigned to me, or to nobody', () => {
    expect(shown({})).toEqual(['waiting', 'soon', 'overdue', 'theirs', 'closed']);
    expect(shown({ view: 'joined' })).toEqual(['soon']);
    expect(shown({ view: 'mine' })).toEqual(['overdue']);
    expect(shown({ view: 'unassigned' })).toEqual(['waiting', 'soon', 'closed']);
  });

  it('reads each status as the server does', () => {
    expect(shown({ status: 'rep-needed' })).toEqual(['waiting', 'overdue']);
    expect(shown({ status: 'pending' })).toEqual(['soon']);
    expect(shown({ status: 'soon' })).toEqual(['soon']);
    expect(shown({ status: 'overdue' })).toEqual(['overdue']);
    expect(shown({ status: 'online' })).toEqual(['theirs']);
    expect(shown({ status: 'closed' })).toEqual(['closed']);
    expect(shown({ status: 'missed' })).toEqual(['closed']);
    expect(hasStatus({ ...list[0]!, urgency: 'soon' }, 'soon')).toBe(true);
  });

  it('combines view, status, team and site', () => {
    expect(shown({ view: 'unassigned', status: 'rep-needed' })).toEqual(['waiting']);
    expect(shown({ team: 'desk' })).toEqual(['theirs']);
    expect(shown({ site: 's2' })).toEqual(['overdue']);
    expect(shown({ site: 's2', view: 'joined' })).toEqual([]);
  });
});

describe('placeConversation', () => {
  const placement = { query: DEFAULT_LIST_QUERY, agentId: 'a1', next: null };
  const loaded = [conversation('a', { updatedAt: 30 }), conversation('b', { updatedAt: 20 })];

  it('puts a change that belongs to the list in its place, and takes out one that no longer does', () => {
    expect(ids(placeConversation(loaded, conversation('c', { updatedAt: 25 }), placement))).toEqual(['a', 'c', 'b']);
    const mine = { ...placement, query: { ...DEFAULT_LIST_QUERY, view: 'mine' as const } };
    const held = [conversation('a', { updatedAt: 30, assignee: { id: 'a1', name: 'Ann' } })];
    expect(ids(placeConversation(held, conversation('a', { updatedAt: 31, assignee: null }), mine))).toEqual([]);
    expect(placeConversation(held, conversation('x', { updatedAt: 40 }), mine)).toBe(held);
  });

  it('leaves what sorts past the loaded pages to the next page, and takes in what moved up into them', () => {
    const next = cursorOf(loaded[1]!);
    expect(ids(placeConversation(loaded, conversation('old', { updatedAt: 10 }), { ...placement, next }))).toEqual(['a', 'b']);
    expect(ids(placeConversation(loaded, conversation('b', { updatedAt: 5 }), { ...placement, next }))).toEqual(['a']);
    expect(ids(placeConversation(loaded, conversation('old', { updatedAt: 50 }), { ...placement, next }))).toEqual(['old', 'a', 'b']);
    expect(ids(placeConversation(loaded, conversation('waits', { waitingSince: 1, updatedAt: 1 }), { ...placement, next }))).toEqual(['waits', 'a', 'b']);
  });

  it('appends a page once, whatever was placed live meanwhile', () => {
    const live = placeConversation(loaded, conversation('c', { updatedAt: 15 }), placement);
    expect(ids(appendPage(live, [conversation('c', { updatedAt: 15 }), conversation('d', { updatedAt: 12 })]))).toEqual(['a', 'b', 'c', 'd']);
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
