import type { Message } from '@parley/protocol';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { watchSeen } from '../src/seen.ts';
import { atEnd, pageVisible, thread } from '../src/state.ts';
import { connected, isOpen, seen } from '../src/store.ts';

const reply = (seq: number): Message => ({ id: `m${seq}`, conversationId: 'c1', seq, clientId: null, author: 'agent', authorName: 'Ann', event: null, subjectName: null, params: null, text: 'Hi', at: seq, email: null });

let reports: number[];
let stop: () => void;

beforeEach(() => {
  thread.value = { conversationId: 'c1', messages: [reply(1)] };
  seen.value = { conversationId: 'c1', seq: 0 };
  connected.value = true;
  pageVisible.value = true;
  atEnd.value = true;
  isOpen.value = false;
  reports = [];
  stop = watchSeen((seq) => reports.push(seq));
});
afterEach(() => stop());

it('reports nothing while the panel is closed, and the reply once it opens', () => {
  expect(reports).toEqual([]);
  thread.value = { conversationId: 'c1', messages: [reply(1), reply(2)] };
  expect(reports).toEqual([]);
  isOpen.value = true;
  expect(reports).toEqual([2]);
  thread.value = { conversationId: 'c1', messages: [reply(1), reply(2), reply(3)] };
  expect(reports).toEqual([2, 3]);
});

it('reports nothing while the page is hidden or the visitor reads further up, and catches up when they come back', () => {
  isOpen.value = true;
  reports.length = 0;
  pageVisible.value = false;
  thread.value = { conversationId: 'c1', messages: [reply(1), reply(2)] };
  atEnd.value = false;
  pageVisible.value = true;
  expect(reports).toEqual([]);
  atEnd.value = true;
  expect(reports).toEqual([2]);
});
