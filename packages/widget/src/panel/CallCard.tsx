/** An agent's video-call invitation: a card with a "Join call" link, rendered only for an http(s) address. */
import { httpUrl, type MessageCall } from '@parley/protocol';

export function CallCard({ call, name }: { call: MessageCall; name: string | null }) {
  const href = httpUrl(call.url);
  return (
    <div class="msg agent call">
      <span class="name">{name || 'Agent'}</span>
      <p>Invites you to a video call</p>
      {href ? (
        <a class="join" href={href} target="_blank" rel="noopener noreferrer">
          Join call
        </a>
      ) : (
        <p>The call link is not a web address.</p>
      )}
    </div>
  );
}
