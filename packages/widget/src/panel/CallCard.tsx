/** An agent's video-call invitation: a card with a "Join call" link, rendered only for an http(s) address. */
import { httpUrl, type MessageCall } from '@parley/protocol';
import { t } from '../i18n.ts';

export function CallCard({ call, name }: { call: MessageCall; name: string | null }) {
  const href = httpUrl(call.url);
  return (
    <div class="msg agent call">
      <span class="name">{name || t('agent')}</span>
      <p>{t('callInvite')}</p>
      {href ? (
        <a class="join" href={href} target="_blank" rel="noopener noreferrer">
          {t('joinCall')}
        </a>
      ) : (
        <p>{t('callLinkBad')}</p>
      )}
    </div>
  );
}
