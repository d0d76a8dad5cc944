/** What a message's receipt reads, from its conversation's receipts: the same words in the widget and the console. */
import type { Message, Receipts } from './model.ts';

export type ReceiptState = 'sent' | 'delivered' | 'seen';

export const RECEIPT_LABELS: Record<ReceiptState, string> = { sent: 'Sent', delivered: 'Delivered', seen: 'Seen' };

/** A stored message is sent; the other side's marks say how far it got. Seen implies delivered. */
export function receiptOf(message: Pick<Message, 'seq' | 'author'>, receipts: Receipts): ReceiptState {
  const [delivered, seen] = message.author === 'visitor' ? [receipts.agentDelivered, receipts.agentSeen] : [receipts.visitorDelivered, receipts.visitorSeen];
  return message.seq <= seen ? 'seen' : message.seq <= delivered ? 'delivered' : 'sent';
}

/** Marks only rise: of two sets of receipts (one may be stale, frames can cross), each mark's higher. */
export function laterReceipts(a: Receipts, b: Receipts): Receipts {
  return {
    visitorDelivered: Math.max(a.visitorDelivered, b.visitorDelivered),
    visitorSeen: Math.max(a.visitorSeen, b.visitorSeen),
    agentDelivered: Math.max(a.agentDelivered, b.agentDelivered),
    agentSeen: Math.max(a.agentSeen, b.agentSeen),
  };
}

export const NO_RECEIPTS: Receipts = { visitorDelivered: 0, visitorSeen: 0, agentDelivered: 0, agentSeen: 0 };
