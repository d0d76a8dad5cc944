/**
 * Receipts: how far the visitor's widgets and the agents' consoles have had a conversation's
 * messages, delivered (received) and seen (shown). Each mark only rises, in the store; a rise goes
 * live to the visitor and the conversation's agents. Marks from clients are written at most once
 * per VISITOR_WRITE_MS per conversation side and kind, however many frames come, the highest kept.
 */
import { VISITOR_WRITE_MS } from '@parley/protocol';
import type { Agent, ReceiptMarks } from '../ports/store.ts';
import { visibleConversation } from './access.ts';
import { coalescer } from './coalesce.ts';
import type { Context } from './context.ts';

type VisitorMark = 'visitorDeliveredSeq' | 'visitorSeenSeq';
type AgentMark = 'agentDeliveredSeq' | 'agentSeenSeq';

export type Receipts = ReturnType<typeof createReceipts>;

export function createReceipts(ctx: Context) {
  const { store, dispatch, tasks } = ctx;
  const track = (delivery: Promise<void>) => void tasks.track(delivery.catch((error: unknown) => console.error(error)));

  const raise = async (conversationId: string, marks: Partial<ReceiptMarks>) => {
    const raised = await store.conversations.raiseReceipts(conversationId, marks);
    const site = raised && (await store.sites.byId(raised.siteId));
    if (raised && site) await dispatch.emit([{ type: 'receipts', conversation: raised, site }]);
  };

  /** Keyed by visitor: the conversation is looked up once a window, not once a frame. */
  const visitorMarks = coalescer<{ mark: VisitorMark; seq: number }>({
    windowMs: VISITOR_WRITE_MS,
    async deliver(key, { mark, seq }) {
      const conversation = await store.conversations.ofVisitor(key.slice(0, key.indexOf(' ')));
      if (conversation) await raise(conversation.id, { [mark]: seq });
    },
    news: (delivered, held) => held.seq > delivered.seq,
    track,
  });

  const agentMarks = coalescer<{ conversationId: string; mark: AgentMark; seq: number }>({
    windowMs: VISITOR_WRITE_MS,
    deliver: (_, { conversationId, mark, seq }) => raise(conversationId, { [mark]: seq }),
    news: (delivered, held) => held.seq > delivered.seq,
    track,
  });

  return {
    /** A widget of the visitor's received (delivered) or showed (seen) their conversation up to seq. */
    visitor: (visitorId: string, mark: VisitorMark, seq: number) => visitorMarks.push(`${visitorId} ${mark}`, { mark, seq }),

    /** An agent's console received the conversation up to seq, or showed it to them open. */
    async agent(agent: Agent, conversationId: string, mark: AgentMark, seq: number) {
      await visibleConversation(store, agent, conversationId);
      await agentMarks.push(`${conversationId} ${mark}`, { conversationId, mark, seq });
    },

    /** At stop: the marks still held are written now. */
    flush() {
      visitorMarks.flush();
      agentMarks.flush();
    },
  };
}
