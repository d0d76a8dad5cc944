/** The one status rule: which statuses a conversation shows, and when a wait turns soon and overdue. */
import { describe, expect, it } from 'vitest';
import { type ConversationSummary, LIST_STATUSES, NO_RECEIPTS, nextUrgencyAt, STATUS_LABELS, statusesOf, urgencyAt } from '../src/index.ts';

const summary = (over: Partial<ConversationSummary> & { online?: boolean; agentCount?: number } = {}): ConversationSummary => {
  const { online = false, agentCount = 0, ...rest } = over;
  return {
    id: 'c',
    siteId: 's',
    siteName: 'Shop',
    status: 'open',
    visitor: { online } as ConversationSummary['visitor'],
    lastMessage: null,
    lastSeq: 1,
    agents: Array.from({ length: agentCount }, (_, i) => ({ id: `a${i}`, name: `Agent ${i}` })),
    assignee: null,
    team: null,
    missed: false,
    visitorSeenSeq: 0,
    receipts: NO_RECEIPTS,
    waitingSince: null,
    urgency: 'none',
    createdAt: 0,
    updatedAt: 0,
    ...rest,
  };
};

describe('the status rule', () => {
  it('labels every status with the words the console and its filters show', () => {
    expect(LIST_STATUSES.map((s) => STATUS_LABELS[s])).toEqual(['Online', 'Rep needed', 'Pending', 'Soon', 'Overdue', 'Closed', 'Missed']);
  });

  it('reads rep needed, then pending once an agent is in, with the urgency beside it', () => {
    expect(statusesOf(summary({ waitingSince: 1 }))).toEqual(['rep-needed']);
    expect(statusesOf(summary({ waitingSince: 1, urgency: 'soon', online: true }))).toEqual(['online', 'rep-needed', 'soon']);
    expect(statusesOf(summary({ waitingSince: 1, urgency: 'overdue', agentCount: 2 }))).toEqual(['pending', 'overdue']);
    // Answered: nobody waits, so neither.
    expect(statusesOf(summary({ agentCount: 1 }))).toEqual([]);
  });

  it('shows a closed conversation as closed only, whatever was stored about its wait; missed stays', () => {
    expect(statusesOf(summary({ status: 'closed', waitingSince: 1, urgency: 'overdue', missed: true }))).toEqual(['closed', 'missed']);
  });

  it('turns a wait soon, then overdue, at the thresholds', () => {
    const marks = { soonAfter: 180, overdueAfter: 300 };
    expect(urgencyAt(0, marks, 179_999)).toBe('none');
    expect(urgencyAt(0, marks, 180_000)).toBe('soon');
    expect(urgencyAt(0, marks, 300_000)).toBe('overdue');
    expect(nextUrgencyAt(0, marks, 0)).toBe(180_000);
    expect(nextUrgencyAt(0, marks, 180_000)).toBe(300_000);
    expect(nextUrgencyAt(0, marks, 300_000)).toBeNull();
  });
});
