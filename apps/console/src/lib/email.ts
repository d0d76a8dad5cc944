/** What agents are told about email fallback: per conversation beside Send, and per message. */
import type { MessageEmail, VisitorProfile } from '@parley/protocol';
import { strings } from '../strings.ts';

/** Null while the visitor is online: replies reach them in the widget. */
export function fallbackNote(visitor: VisitorProfile): string | null {
  if (visitor.online) return null;
  if (!visitor.email) return strings.email.offlineNoEmail;
  switch (visitor.emailStatus) {
    case 'ok':
      return strings.email.offlineFallback;
    case 'bounced':
      return strings.email.offlineBounced;
    case 'unsubscribed':
      return strings.email.offlineUnsubscribed;
  }
}

export function messageEmailText(email: MessageEmail): string {
  switch (email.status) {
    case 'sent':
      return strings.email.sent;
    case 'queued':
      return strings.email.queued;
    case 'held':
      return strings.email.held;
    case 'failed':
      return email.error ? strings.email.failedWith(email.error) : strings.email.failed;
  }
}
