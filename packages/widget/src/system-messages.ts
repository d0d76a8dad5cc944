/** How a system message the visitor may see reads in the visitor's language: stored as a code, rendered here. */
import { eventLine, type Message } from '@parley/protocol';
import { t } from './i18n.ts';

/** `email`: the visitor's, as the widget knows it now: the default auto-reply says where the answer will go. */
export function systemText(message: Message, email: string | null): string {
  const name = message.authorName || t('anAgent');
  switch (message.event) {
    case 'joined':
      return t('eventJoined', { name });
    case 'closed':
      return t('eventClosed', { name });
    case 'autoReply': {
      const own = message.params && 'text' in message.params ? message.params.text : null;
      return own || (email ? t('autoReplyEmail', { email }) : t('autoReply'));
    }
    default:
      // The server sends the visitor no other event (VISITOR_EVENTS); one added there reads in English until it has words here.
      return eventLine(message.event!, message.authorName, message.subjectName, message.params);
  }
}
