/** Builders for wire objects: each test states only the fields it is about. */
import { type ConversationSummary, type Message, NO_RECEIPTS, type VisitorProfile } from '@parley/protocol';

export function message(seq: number, fields: Partial<Message> = {}): Message {
  return {
    id: `m${seq}`,
    conversationId: 'c1',
    seq,
    clientId: null,
    author: 'visitor',
    authorName: null,
    event: null,
    subjectName: null,
    params: null,
    text: `message ${seq}`,
    at: 1_000 * seq,
    email: null,
    ...fields,
  };
}

export function visitor(id: string, fields: Partial<VisitorProfile> = {}): VisitorProfile {
  return {
    id,
    siteId: 's1',
    name: null,
    email: null,
    phone: null,
    userId: null,
    customerId: null,
    displayName: `Visitor ${id}`,
    emailStatus: 'ok',
    online: false,
    lastActiveAt: null,
    location: null,
    context: {
      page: null,
      referrer: null,
      firstSeenAt: 0,
      visits: 1,
      visitStartedAt: null,
      browser: null,
      os: null,
      language: null,
      timeZone: null,
    },
    ...fields,
  };
}

export function conversation(id: string, fields: Partial<ConversationSummary> = {}): ConversationSummary {
  return {
    id,
    siteId: 's1',
    siteName: 'Demo',
    status: 'open',
    visitor: visitor(`v-${id}`, { displayName: `Visitor ${id}` }),
    lastMessage: null,
    lastSeq: 0,
    agents: [],
    assignee: null,
    team: null,
    missed: false,
    visitorSeenSeq: 0,
    receipts: NO_RECEIPTS,
    waitingSince: null,
    urgency: 'none',
    createdAt: 0,
    updatedAt: 0,
    ...fields,
  };
}
