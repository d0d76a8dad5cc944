/** A video-call invitation in the thread: a card with a "Join call" link, shown only for an http(s) address. */
import { httpUrl, type MessageCall } from '@parley/protocol';
import { strings } from '../strings.ts';

export function CallCard({ call }: { call: MessageCall }) {
  const href = httpUrl(call.url);
  return (
    <div class="call-card">
      <strong>{strings.callCard.videoCall}</strong>
      {href ? (
        <a class="join-call" href={href} target="_blank" rel="noopener noreferrer">
          {strings.callCard.joinCall}
        </a>
      ) : (
        <span>{strings.callCard.notWeb}</span>
      )}
      {href && <span class="call-url">{href}</span>}
    </div>
  );
}
