import type { Outgoing } from '@parley/client';
import type { Message } from '@parley/protocol';
import { expect, test } from 'vitest';
import { waitsWithoutEmail } from '../src/ask-email.ts';
import type { Thread } from '../src/messages.ts';

function thread(...authors: Message['author'][]): Thread {
  return {
    conversationId: 'c1',
    messages: authors.map((author, i) => ({
      id: `m${i + 1}`,
      conversationId: 'c1',
      seq: i + 1,
      clientId: null,
      author,
      authorName: null,
      event: null,
      subjectName: null,
      params: null,
      text: 'text',
      at: i,
      email: null,
    })),
  };
}
const sending: Outgoing[] = [{ clientId: 'a', text: 'hello?', at: 1 }];

test('asks when the latest word is the visitor’s and no email is known', () => {
  expect(waitsWithoutEmail(thread('visitor'), [], null)).toBe(true);
  expect(waitsWithoutEmail(thread('agent', 'visitor', 'visitor'), [], null)).toBe(true);
  expect(waitsWithoutEmail(thread('agent'), sending, null)).toBe(true);
});

test('an agent or system message after it is a reply: no question', () => {
  expect(waitsWithoutEmail(thread('visitor', 'agent'), [], null)).toBe(false);
  expect(waitsWithoutEmail(thread('visitor', 'system'), [], null)).toBe(false);
});

test('nothing sent, nothing to wait for', () => {
  expect(waitsWithoutEmail(thread(), [], null)).toBe(false);
});

test('a known email means the reply can reach the visitor already', () => {
  expect(waitsWithoutEmail(thread('visitor'), sending, 'ann@example.com')).toBe(false);
});
