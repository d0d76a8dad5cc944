/** What agents are told about email fallback: per conversation beside Send, and per message. */
import type { MessageEmail, VisitorProfile } from '@parley/protocol';

/** Null while the visitor is online: replies reach them in the widget. */
export function fallbackNote(visitor: VisitorProfile): string | null {
  if (visitor.online) return null;
  if (!visitor.email) return 'Customer is offline. Add their email to reach them';
  switch (visitor.emailStatus) {
    case 'ok':
      return 'Customer is offline. Email fallback activated';
    case 'bounced':
      return 'Customer is offline. Their email bounced';
    case 'unsubscribed':
      return 'Customer is offline. They unsubscribed from email';
  }
}

export function messageEmailText(email: MessageEmail): string {
  switch (email.status) {
    case 'sent':
      return 'Emailed ✓';
    case 'queued':
      return 'Email queued';
    case 'held':
      return 'Email waiting for confirmation';
    case 'failed':
      return email.error ? `Email failed: ${email.error}` : 'Email failed';
  }
}
