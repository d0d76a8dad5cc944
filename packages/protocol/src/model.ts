/** The product's nouns as they cross the wire. */
export type Author = 'visitor' | 'agent' | 'system';

export interface Message {
  id: string;
  conversationId: string;
  /** Position in its conversation, from 1, without gaps: what clients resume from. */
  seq: number;
  /** The sender's own id for the message, present on messages sent by a client. */
  clientId: string | null;
  author: Author;
  /** The agent's name for agent messages. */
  authorName: string | null;
  text: string;
  /** Milliseconds since the epoch. */
  at: number;
}

export type ConversationStatus = 'open' | 'closed';

export interface AgentRef {
  id: string;
  name: string;
}

export interface VisitorProfile {
  id: string;
  name: string | null;
  email: string | null;
  phone: string | null;
  /** Set only when `identify` came with a valid HMAC. */
  userId: string | null;
  /** What agents call the visitor: name, else email, else a stable short label. */
  displayName: string;
}

export interface ConversationSummary {
  id: string;
  siteId: string;
  siteName: string;
  status: ConversationStatus;
  visitor: VisitorProfile;
  lastMessage: Message | null;
  lastSeq: number;
  /** Agents who joined and have not left. */
  agents: AgentRef[];
  createdAt: number;
  /** Time of the latest message or status change; the list is sorted by it, newest first. */
  updatedAt: number;
}

export interface Agent {
  id: string;
  email: string;
  name: string;
  role: 'admin' | 'agent';
}

export interface PageInfo {
  url: string;
  title: string;
  referrer: string;
}
