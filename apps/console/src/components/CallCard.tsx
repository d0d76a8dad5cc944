/** A video-call invitation in the thread: a card with a "Join call" link, shown only for an http(s) address. */
import { httpUrl, type MessageCall } from '@parley/protocol';

export function CallCard({ call }: { call: MessageCall }) {
  const href = httpUrl(call.url);
  return (
    <div class="call-card">
      <strong>Video call</strong>
      {href ? (
        <a class="join-call" href={href} target="_blank" rel="noopener noreferrer">
          Join call
        </a>
      ) : (
        <span>This call link is not a web address.</span>
      )}
      {href && <span class="call-url">{href}</span>}
    </div>
  );
}
