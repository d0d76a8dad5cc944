/** The store's part for writing to customers first (messages scheduled for later) and the context records beside a conversation. */
import type { ContextRecordFields, PendingStatus } from '@parley/protocol';

export interface PendingMessageRecord {
  id: string;
  siteId: string;
  visitorId: string;
  /** The author; null once that agent was deleted. */
  agentId: string | null;
  text: string;
  sendAt: number;
  status: PendingStatus;
  createdAt: number;
  /** When it was sent or cancelled. */
  doneAt: number | null;
}

export type NewPendingMessage = Pick<PendingMessageRecord, 'siteId' | 'visitorId' | 'agentId' | 'text' | 'sendAt' | 'createdAt'>;

export interface PendingMessageStore {
  add(input: NewPendingMessage): Promise<PendingMessageRecord>;
  byId(id: string): Promise<PendingMessageRecord | null>;
  /** Still pending, soonest first: of one author, or (null) everyone's. */
  pending(agentId: string | null, limit: number): Promise<PendingMessageRecord[]>;
  /**
   * Moves a pending message to `status` ('sent' by its deadline, 'cancelled' by an agent) in one
   * conditional statement: of a send and a cancel racing, exactly one gets the record, the other null.
   * `agentId`: only that author's (a cancel by someone not an admin).
   */
  finish(id: string, status: Exclude<PendingStatus, 'pending'>, at: number, agentId?: string): Promise<PendingMessageRecord | null>;
}

export interface ContextRecordRow extends Required<ContextRecordFields> {
  visitorId: string;
  /** The agent who attached it; null: the shop's page. */
  agentId: string | null;
  /** That agent's name, joined at read time. */
  agentName: string | null;
  at: number;
}

export interface ContextRecordStore {
  /** Adds the record or replaces the one of its type and id; false when it is new and the visitor has `max` already. */
  put(input: Omit<ContextRecordRow, 'agentName'>, max: number): Promise<boolean>;
  /** Whether there was such a record. */
  remove(visitorId: string, type: string, id: string): Promise<boolean>;
  /** Oldest first. */
  of(visitorId: string): Promise<ContextRecordRow[]>;
}
