/** The store's part for the email fallback: deciding what to email, the outbox, continue links, unsubscribes. */
import type { EmailStatus, MessageEmail, OutboxItem, SiteSettings } from '@parley/protocol';
import type { Message } from './store.ts';

/** A conversation whose unseen agent replies may be due for an email. */
export interface FallbackCandidate {
  conversationId: string;
  visitorId: string;
  siteSettings: SiteSettings;
  /** When the oldest agent reply the visitor has neither seen nor been emailed was written. */
  oldestUnseenAt: number;
}

/** Everything one fallback email is built from, read at one moment of the conversation. */
export interface FallbackDraft {
  conversationId: string;
  visitorId: string;
  siteName: string;
  to: { address: string; name: string | null };
  /** The visitor's IANA time zone, for the times shown; null: UTC. */
  timeZone: string | null;
  /** The conversation as it was read: queueing refuses the draft if any of it moved on since. */
  version: { lastSeq: number; visitorSeenSeq: number; emailedSeq: number };
  /** A few visitor and agent messages before the replies, oldest first. */
  context: Message[];
  /** From the first unseen agent reply on, oldest first; the agent replies among them are what the email carries. */
  unseen: Message[];
  /** Message-IDs of this conversation's earlier emails, oldest first. */
  earlierEmails: string[];
}

export type QueueMode = 'send' | 'confirm' | 'hold';
export type AddressState = 'confirmed' | 'requested' | 'unconfirmed';

/** A built email ready to be queued. */
export interface QueuedEmail {
  id: string;
  messageIdHeader: string;
  subject: string;
  raw: string;
  /** The continue link in the email: only its hash is stored. */
  continueTokenHash: string;
  continueExpiresAt: number;
}

/** What agents are told when an email changes state: the `email` frame without its `t`. */
export interface EmailChange {
  conversationId: string;
  messageIds: string[];
  email: MessageEmail;
}

/** An outbox row taken for one delivery attempt. */
export interface ClaimedEmail {
  id: string;
  to: string;
  messageIdHeader: string;
  raw: string;
  /** Attempts so far, this one included. */
  attempts: number;
  change: EmailChange;
}

export interface MailStore {
  /** Conversations (or the one named) with agent replies past max(visitorSeenSeq, emailedSeq) to a visitor with an address that takes mail. */
  fallbackCandidates(conversationId?: string): Promise<FallbackCandidate[]>;
  fallbackDraft(conversationId: string, contextSize: number): Promise<FallbackDraft | null>;
  /**
   * In one transaction: the outbox row, its messages, the continue link, and emailedSeq moved to the
   * last reply. Null (and nothing written) when the conversation or the visitor changed since the draft.
   * 'send' queues the email; 'confirm' queues it as the address's confirmation request (recorded);
   * 'hold' keeps it 'held' until the address is confirmed.
   */
  queueFallback(draft: FallbackDraft, email: QueuedEmail, now: number, mode?: QueueMode): Promise<EmailChange | null>;

  /** Whether mail may carry the visitor's words to this address, or a confirmation request went there already. */
  addressState(visitorId: string, address: string): Promise<AddressState>;
  /**
   * The owner confirmed the address (or identify vouched for it): its held emails are queued, due
   * now, and the continue links in them last at least until `continueUntil` (they may have waited long).
   */
  confirmAddress(visitorId: string, address: string, now: number, continueUntil: number): Promise<EmailChange[]>;

  /** The continue link's target, without using it up: the visitor's last page and the site's origins. */
  continueTarget(tokenHash: string, now: number): Promise<{ pageUrl: string | null; origins: string[] } | null>;
  /** Uses a continue link up, atomically: null when it is unknown, expired or used already. */
  consumeContinueLink(tokenHash: string, now: number): Promise<{ visitorId: string; conversationId: string } | null>;

  /** Sets the visitor's email status; unless 'ok', their queued emails fail with the status as reason. */
  setEmailStatus(visitorId: string, status: EmailStatus): Promise<{ conversationIds: string[]; failed: EmailChange[] }>;

  /** Rows left in 'sending' past their sendingUntil (the sender died) go back to the queue, due now, with the same bytes; returns how many. */
  requeueInterrupted(now: number): Promise<number>;
  /**
   * Takes the next due email (queued, nextAttemptAt <= now) for one attempt: status 'sending',
   * attempts + 1 and the attempt's end (`sendingUntil`), recorded before the send. An email to a
   * visitor who unsubscribed or bounced meanwhile fails instead and is reported in `failed`.
   */
  claimDueEmail(now: number, sendingUntil: number): Promise<{ claimed: ClaimedEmail | null; failed: EmailChange[] }>;
  markEmailSent(id: string, now: number): Promise<EmailChange>;
  /** Back to the queue after a failed attempt, due again at nextAttemptAt. */
  markEmailRetry(id: string, error: string, nextAttemptAt: number): Promise<EmailChange>;
  markEmailFailed(id: string, error: string): Promise<{ change: EmailChange; visitorId: string }>;
  /** Newest first. */
  listOutbox(limit: number): Promise<Array<Omit<OutboxItem, 'file'> & { messageIdHeader: string }>>;
}
