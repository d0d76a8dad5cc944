import { settle, type Outgoing } from '@parley/client';
import type { Message } from '@parley/protocol';
import { describe, expect, test } from 'vitest';
import { ackedMessage } from '../src/conversation.ts';
import { addMessages, countUnread, lastSeq, type Thread } from '../src/messages.ts';

function message(seq: number, fields: Partial<Message> = {}): Message {
  return {
    id: `m${seq}`,
    conversationId: 'c1',
    seq,
    clientId: null,
    author: 'agent',
    authorName: 'Ann',
    event: null,
    subjectName: null,
    params: null,
    text: `text ${seq}`,
    at: seq,
    email: null,
    ...fields,
  };
}
const empty: Thread = { conversationId: null, messages: [] };

describe('addMessages', () => {
  test('orders by seq and drops duplicates', () => {
    const thread = addMessages(empty, 'c1', [message(2), message(1)]);
    const next = addMessages(thread, 'c1', [message(3), message(2), message(1)]);
    expect(next.messages.map((m) => m.seq)).toEqual([1, 2, 3]);
    expect(next.conversationId).toBe('c1');
  });

  test('returns the same thread when nothing is new, so signals do not fire', () => {
    const thread = addMessages(empty, 'c1', [message(1)]);
    expect(addMessages(thread, 'c1', [message(1)])).toBe(thread);
    expect(addMessages(thread, null, [])).toBe(thread);
  });

  test('a message filling a gap goes in its place', () => {
    const thread = addMessages(empty, 'c1', [message(1), message(3)]);
    expect(addMessages(thread, 'c1', [message(2)]).messages.map((m) => m.seq)).toEqual([1, 2, 3]);
  });

  test('a new conversation replaces the thread, since seqs restart', () => {
    const thread = addMessages(empty, 'c1', [message(1), message(2)]);
    const next = addMessages(thread, 'c2', [message(1, { conversationId: 'c2', text: 'new' })]);
    expect(next).toEqual({ conversationId: 'c2', messages: [expect.objectContaining({ text: 'new' })] });
    expect(lastSeq(next)).toBe(1);
  });

  test('lastSeq of an empty thread is 0: the since of a first hello', () => {
    expect(lastSeq(empty)).toBe(0);
  });
});

describe('outbox', () => {
  const outbox: Outgoing[] = [
    { clientId: 'a', text: 'one', at: 1 },
    { clientId: 'b', text: 'two', at: 2 },
  ];

  test('an ack becomes the visitor message it stands for, and settles the send', () => {
    const ack = { clientId: 'a', id: 'm7', seq: 7, conversationId: 'c1', at: 70 };
    const thread = addMessages(empty, ack.conversationId, [ackedMessage(ack, 'one')]);
    expect(thread.messages[0]).toEqual({
      id: 'm7',
      conversationId: 'c1',
      seq: 7,
      clientId: 'a',
      author: 'visitor',
      authorName: null,
      event: null,
      subjectName: null,
      params: null,
      text: 'one',
      at: 70,
      email: null,
    });
    expect(settle(outbox, thread.messages)).toEqual([outbox[1]]);
  });
});

describe('countUnread', () => {
  const thread = addMessages(empty, 'c1', [message(1), message(2, { author: 'visitor' }), message(3, { author: 'system' })]);

  test('counts agent and system messages after the seen seq', () => {
    expect(countUnread(thread, { conversationId: 'c1', seq: 0 })).toBe(2);
    expect(countUnread(thread, { conversationId: 'c1', seq: 1 })).toBe(1);
    expect(countUnread(thread, { conversationId: 'c1', seq: 3 })).toBe(0);
  });

  test('what was seen in another conversation does not count', () => {
    expect(countUnread(thread, { conversationId: 'old', seq: 3 })).toBe(2);
  });
});
