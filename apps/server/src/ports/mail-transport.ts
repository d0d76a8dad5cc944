/** Where built emails go: the outbox worker hands each one over as stored bytes. */
export interface OutgoingEmail {
  /** The envelope sender. */
  from: string;
  to: string;
  messageIdHeader: string;
  raw: string;
}

export interface MailTransport {
  /** Resolves once the email is handed over (SMTP 250, or the file in place); rejects with the reason otherwise. */
  send(email: OutgoingEmail): Promise<void>;
  /** The longest one send can take before the transport gives up on it: an attempt older than this is over. */
  readonly maxSendMs: number;
  /** Where the email was written, for transports that write files; null otherwise. */
  fileOf(messageIdHeader: string): string | null;
  close(): void;
}
