/** The conversation as a live log: the server's messages by seq, then the visitor's unacknowledged sends. */
import { heldUntil } from '@parley/client';
import { eventLine, type Attachment as File, type Author } from '@parley/protocol';
import { useLayoutEffect, useRef } from 'preact/hooks';
import { emailCard } from '../ask-email.ts';
import { retry } from '../send.ts';
import { agentTyping, available, email, isOpen, outbox, thread } from '../state.ts';
import { Attachment, Uploads } from './Attachment.tsx';
import { CallCard } from './CallCard.tsx';
import { EmailCard } from './EmailCard.tsx';
import { MessageText } from './MessageText.tsx';

/** `offlineForm`: the offline form asks for the email already, so the card does not. */
export function MessageList({ offlineForm }: { offlineForm: boolean }) {
  const { messages } = thread.value;
  const pending = outbox.value;
  const typing = agentTyping.value;
  const log = useRef<HTMLDivElement>(null);

  // Keep the newest message in view; also on open, since a hidden log has no height to scroll.
  useLayoutEffect(() => {
    const el = log.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [messages, pending, typing, isOpen.value, emailCard.value]);

  return (
    <div ref={log} class="log" role="log" aria-live="polite">
      {messages.length + pending.length === 0 && <p class="note">Hi! Ask us anything, we are happy to help.</p>}
      {messages.map((m) =>
        m.event ? (
          <p key={m.id} class="note event">
            {eventLine(m.event, m.authorName)}
          </p>
        ) : m.call ? (
          <CallCard key={m.id} call={m.call} name={m.authorName} />
        ) : (
          <Bubble key={m.clientId ?? m.id} author={m.author} name={m.authorName} text={m.text} attachment={m.attachment} />
        ),
      )}
      {pending.map((o) => (
        <Bubble
          key={o.clientId}
          author="visitor"
          text={o.text}
          failed={!!o.error}
          pending
          onRetry={() => retry(o.clientId)}
        />
      ))}
      <Uploads />
      <SlowDown />
      {!available.value && email.value && <p class="note">We'll reply by email</p>}
      {!offlineForm && <EmailCard />}
      {typing && <p class="note">{typing} is typing…</p>}
    </div>
  );
}

/** Shown while the server asks sends to wait: they are kept and go by themselves. */
function SlowDown() {
  const until = heldUntil(outbox.value);
  if (!until) return null;
  const seconds = Math.max(1, Math.ceil((until - Date.now()) / 1000));
  return (
    <p class="note" role="status">
      You're sending messages quickly — we'll send {outbox.value.filter((o) => o.retryAt).length > 1 ? 'these' : 'this'} in {seconds} s.
    </p>
  );
}

interface BubbleProps {
  author: Author;
  text: string;
  attachment?: File;
  name?: string | null;
  pending?: boolean;
  failed?: boolean;
  onRetry?: () => void;
}

function Bubble({ author, text, attachment, name, pending, failed, onRetry }: BubbleProps) {
  return (
    <div class={`msg ${author}${failed ? ' failed' : pending ? ' pending' : ''}`}>
      {author === 'agent' && <span class="name">{name || 'Agent'}</span>}
      {attachment ? <Attachment attachment={attachment} /> : <MessageText text={text} />}
      {failed && (
        <span class="error">
          Not sent. <button type="button" onClick={onRetry}>Retry</button>
        </span>
      )}
    </div>
  );
}
