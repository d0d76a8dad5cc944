/** The conversation as a live log: the server's messages by seq, then the visitor's unacknowledged sends. */
import { heldUntil } from '@parley/client';
import { receiptOf, type Attachment as File, type Author, type ReceiptState } from '@parley/protocol';
import { useLayoutEffect, useRef } from 'preact/hooks';
import { emailCard } from '../ask-email.ts';
import { loadOlder, retry } from '../send.ts';
import { agentTyping, atEnd, available, email, isOpen, older, outbox, receipts, thread } from '../state.ts';
import { Attachment, Uploads } from './Attachment.tsx';
import { CallCard } from './CallCard.tsx';
import { EmailCard } from './EmailCard.tsx';
import { MessageText } from './MessageText.tsx';
import { plural, t } from '../i18n.ts';
import { systemText } from '../system-messages.ts';

/** Within this many pixels of the end, the log follows new messages. */
const END_PX = 32;
/** Within this many pixels of the top, the page of older messages is asked for. */
const OLDER_PX = 300;

/** `offlineForm`: the offline form asks for the email already, so the card does not. */
export function MessageList({ offlineForm }: { offlineForm: boolean }) {
  const { messages } = thread.value;
  const pending = outbox.value;
  const typing = agentTyping.value;
  const log = useRef<HTMLDivElement>(null);
  /** The oldest message and the log's height at the last render: older messages above must not move what the visitor reads. */
  const top = useRef({ seq: 0, height: 0 });
  const wasOpen = useRef(false);

  // At the end, the newest message stays in view (also on open: a hidden log has no height to
  // scroll); further up, the visitor is reading and a page of older messages keeps its place.
  useLayoutEffect(() => {
    const el = log.current;
    if (!el) return;
    const first = messages[0]?.seq ?? 0;
    // A hidden log loses its scroll position: the panel opens at the newest message.
    if (isOpen.value && !wasOpen.current) atEnd.value = true;
    wasOpen.current = isOpen.value;
    if (atEnd.peek()) el.scrollTop = el.scrollHeight;
    else if (first < top.current.seq) el.scrollTop += el.scrollHeight - top.current.height;
    top.current = { seq: first, height: el.scrollHeight };
    if (isOpen.value && el.scrollTop < OLDER_PX) loadOlder();
  }, [messages, pending, typing, isOpen.value, emailCard.value]);

  function onScroll() {
    const el = log.current!;
    atEnd.value = el.scrollHeight - el.scrollTop - el.clientHeight < END_PX;
    if (el.scrollTop < OLDER_PX) loadOlder();
  }

  return (
    <div ref={log} class="log" role="log" aria-live="polite" onScroll={onScroll}>
      {older.value && <p class="note">{t('loadingOlder')}</p>}
      {messages.length + pending.length === 0 && <p class="note">{t('welcome')}</p>}
      {messages.map((m) =>
        m.event ? (
          <p key={m.id} class="note event">
            {systemText(m, email.value)}
          </p>
        ) : m.call ? (
          <CallCard key={m.id} call={m.call} name={m.authorName} />
        ) : (
          <Bubble key={m.clientId ?? m.id} author={m.author} name={m.authorName} text={m.text} attachment={m.attachment} receipt={receiptOf(m, receipts.value)} />
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
      {!available.value && email.value && <p class="note">{t('replyByEmail')}</p>}
      {!offlineForm && <EmailCard />}
      {typing !== null && <p class="note">{t('typing', { name: typing || t('anAgent') })}</p>}
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
      {plural(outbox.value.filter((o) => o.retryAt).length, 'slowDownOne', 'slowDownMany', { seconds })}
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
  /** Of a stored message: how far it got. */
  receipt?: ReceiptState;
}

function Bubble({ author, text, attachment, name, pending, failed, onRetry, receipt }: BubbleProps) {
  return (
    <div class={`msg ${author}${failed ? ' failed' : pending ? ' pending' : ''}`}>
      {author === 'agent' && <span class="name">{name || t('agent')}</span>}
      {attachment ? <Attachment attachment={attachment} /> : <MessageText text={text} />}
      {receipt && <span class={`receipt ${receipt}`}>{t(receipt)}</span>}
      {failed && (
        <span class="error">
          {t('notSent')}{' '}
          <button type="button" onClick={onRetry}>
            {t('retry')}
          </button>
        </span>
      )}
    </div>
  );
}
