import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { AgentClientFrame } from '@parley/protocol';
import { message } from './fixtures.ts';

const sent: AgentClientFrame[] = [];
/** Receipts go beside the other frames: kept apart, so each test reads the frames it is about. */
const delivered: AgentClientFrame[] = [];
vi.mock('../src/state/socket.ts', () => ({
  sendFrame: (frame: AgentClientFrame) => {
    (frame.t === 'delivered' ? delivered : sent).push(frame);
    return true;
  },
}));

const state = await import('../src/state/messages.ts');
const seqs = (id: string) => state.threads.value[id]?.map((m) => m.seq);

beforeEach(() => {
  state.resetMessages();
  sent.length = 0;
  delivered.length = 0;
});

describe('receipts', () => {
  it("confirms the visitor's messages as they arrive, once per new highest seq", () => {
    state.applyHistory('c1', [message(3), message(4, { author: 'agent' })]);
    state.applyMessage(message(4, { author: 'agent' }));
    state.applyMessage(message(5));
    state.applyMessage(message(5));
    state.applyOlder('c1', [message(1), message(2)]);
    expect(delivered).toEqual([
      { t: 'delivered', conversationId: 'c1', seq: 3 },
      { t: 'delivered', conversationId: 'c1', seq: 5 },
    ]);
    expect(state.threads.value.c1?.map((m) => m.seq)).toEqual([1, 2, 3, 4, 5]);
  });

  it('keeps the highest of each mark, from the list line and live frames', () => {
    const line = { id: 'c1', receipts: { visitorDelivered: 4, visitorSeen: 2, agentDelivered: 1, agentSeen: 0 } } as Parameters<typeof state.receiptsOf>[0];
    expect(state.receiptsOf(line)).toEqual(line.receipts);
    state.applyReceipts('c1', { visitorDelivered: 3, visitorSeen: 3, agentDelivered: 1, agentSeen: 1 });
    expect(state.receiptsOf(line)).toEqual({ visitorDelivered: 4, visitorSeen: 3, agentDelivered: 1, agentSeen: 1 });
  });
});

describe('threads', () => {
  it('asks once for the page before the oldest held message, until it comes, and stops at seq 1', () => {
    state.applyHistory('c1', [message(51), message(52)]);
    state.loadOlder('c1');
    state.loadOlder('c1');
    expect(sent).toEqual([{ t: 'older', conversationId: 'c1', before: 51, limit: 50 }]);
    state.applyOlder('c1', Array.from({ length: 50 }, (_, i) => message(i + 1)));
    expect(seqs('c1')).toHaveLength(52);
    expect(state.hasOlder(state.threads.value.c1)).toBe(false);
    state.loadOlder('c1');
    expect(sent).toHaveLength(1);
  });

  it('ignores live messages until the history arrived', () => {
    state.applyMessage(message(1));
    expect(state.threads.value.c1).toBeUndefined();
    state.applyHistory('c1', [message(1), message(2)]);
    state.applyMessage(message(2));
    state.applyMessage(message(3));
    expect(seqs('c1')).toEqual([1, 2, 3]);
  });

  it('asks for the gap when a live message skips seqs', () => {
    state.applyHistory('c1', [message(1)]);
    state.applyMessage(message(4));
    expect(sent).toEqual([{ t: 'open', conversationId: 'c1', since: 1 }]);
    state.applyHistory('c1', [message(2), message(3), message(4)]);
    expect(seqs('c1')).toEqual([1, 2, 3, 4]);
  });

  it('opens from the highest seq held', () => {
    state.openThread('c1');
    state.applyHistory('c1', [message(1), message(2)]);
    state.openThread('c1');
    expect(sent.map((f) => f.t === 'open' && f.since)).toEqual([0, 2]);
  });
});

describe('replies', () => {
  function sendOne(text = ' hello ') {
    state.applyHistory('c1', [message(1)]);
    state.sendReply('c1', text);
    return state.pending.value[0]!;
  }

  it('sends a trimmed reply and keeps it pending until acked', () => {
    const reply = sendOne();
    expect(sent).toEqual([{ t: 'send', conversationId: 'c1', clientId: reply.clientId, text: 'hello' }]);
    state.applyAck({ clientId: reply.clientId, id: 'm2', seq: 2, conversationId: 'c1', at: 2000 }, 'Ana');
    expect(state.pending.value).toEqual([]);
    const acked = state.threads.value.c1!.at(-1)!;
    expect(acked).toMatchObject({ seq: 2, author: 'agent', authorName: 'Ana', text: 'hello', clientId: reply.clientId });
  });

  it('holds one copy when the broadcast message comes before the ack', () => {
    const reply = sendOne();
    state.applyMessage(message(2, { author: 'agent', clientId: reply.clientId, text: 'hello' }));
    expect(state.pending.value).toEqual([]);
    state.applyAck({ clientId: reply.clientId, id: 'm2', seq: 2, conversationId: 'c1', at: 2000 }, 'Ana');
    expect(seqs('c1')).toEqual([1, 2]);
  });

  it('re-sends unacked replies with the same clientId, but not refused ones', () => {
    const reply = sendOne();
    state.sendReply('c1', 'second');
    const second = state.pending.value[1]!;
    expect(state.failReply(second.clientId, 'Too fast')).toBe(true);
    expect(state.unackedReplies()).toEqual([{ t: 'send', conversationId: 'c1', clientId: reply.clientId, text: 'hello' }]);
  });

  it('keeps a refused reply with the server message until retried or discarded', () => {
    const reply = sendOne();
    state.failReply(reply.clientId, 'The conversation is closed.');
    expect(state.pending.value[0]!.error).toBe('The conversation is closed.');
    state.retryReply(reply.clientId);
    expect(state.pending.value[0]!.error).toBeUndefined();
    expect(sent).toHaveLength(2);
    state.discardReply(reply.clientId);
    expect(state.pending.value).toEqual([]);
  });

  it('ignores errors about replies it does not hold', () => {
    expect(state.failReply('unknown', 'nope')).toBe(false);
  });

  it('does not send blank replies and clears the draft of a sent one', () => {
    state.setDraft('c1', 'hello');
    state.sendReply('c1', '   ');
    expect(sent).toEqual([]);
    state.sendReply('c1', 'hello');
    expect(state.drafts.value.c1).toBe('');
  });
});
