import { expect, it } from 'vitest';
import { laterReceipts, NO_RECEIPTS, receiptOf } from '../src/index.ts';

const receipts = { visitorDelivered: 5, visitorSeen: 3, agentDelivered: 4, agentSeen: 1 };

it("reads an agent's message against the visitor's marks and the visitor's against the agents'", () => {
  expect([2, 4, 6].map((seq) => receiptOf({ seq, author: 'agent' }, receipts))).toEqual(['seen', 'delivered', 'sent']);
  expect([1, 3, 5].map((seq) => receiptOf({ seq, author: 'visitor' }, receipts))).toEqual(['seen', 'delivered', 'sent']);
  // Seen without a delivered mark (a frame lost) still reads seen.
  expect(receiptOf({ seq: 2, author: 'system' }, { ...NO_RECEIPTS, visitorSeen: 2 })).toBe('seen');
});

it('keeps the higher of each mark when frames cross', () => {
  expect(laterReceipts(receipts, { visitorDelivered: 6, visitorSeen: 0, agentDelivered: 4, agentSeen: 2 })).toEqual({ visitorDelivered: 6, visitorSeen: 3, agentDelivered: 4, agentSeen: 2 });
});
