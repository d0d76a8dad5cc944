/** Builders for wire objects: each test states only the fields it is about. */
import type { ConversationSummary, Message } from '@parley/protocol';

export function message(seq: number, fields: Partial<Message> = {}): Message {
  return {
    id: `m${seq}`,
    conversationId: 'c1',
    seq,
    clientId: null,
    author: 'visitor',
    authorName: null,
    text: `message ${seq}`,
    at: 1_000 * seq,
    ...fields,
  };
}

export function conversation(id: string, fields: Partial<ConversationSummary> = {}): ConversationSummary {
  return {
    id,
    siteId: 's1',
    siteName: 'Demo',
    status: 'open',
    visitor: { id: `v-${id}`, name: null, email: null, phone: null, userId: null, displayName: `Visitor ${id}` },
    lastMessage: null,
    lastSeq: 0,
    agents: [],
    createdAt: 0,
    updatedAt: 0,
    ...fields,
  };
}
