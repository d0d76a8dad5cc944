/** The conversation as a live log: the server's messages by seq, then the visitor's unacknowledged sends. */
import { heldUntil } from '@parley/client';
import { receiptOf, type Attachment as File, type Author, type Message, type ReceiptState } from '@parley/protocol';
import { useLayoutEffect, useRef } from 'preact/hooks';
import { emailCard } from '../ask-email.ts';
import { loadOlder, retry } from '../send.ts';
import { agentTyping, atEnd, available, config, connected, email, isOpen, older, outbox, receipts, thread } from '../state.ts';
import { Attachment, Uploads } from './Attachment.tsx';
import { CallCard } from './CallCard.tsx';
import { EmailCard } from './EmailCard.tsx';
import { MessageText } from './MessageText.tsx';
import { plural, t } from '../i18n.ts';
import { systemText } from '../system-messages.ts';
import { clock, dayLabel, visitorLocale } from './when.ts';

/** Within this many pixels of the end, the log follows new messages. */
const END_PX = 32;
/** Within this many pixels of the top, the page of older messages is asked for. */
const OLDER_PX = 300;

/** `offlineForm`: the offline form asks for the email already, so the card does not. */
export function MessageList({ offlineForm }: { offlineForm: boolean }) {
  const { conversationId, messages } = thread.value;
  const pending = outbox.value;
  // Messages before the oldest one the log first held (pages loaded as the visitor scrolls up) go
  // in a part that is not live: a page of history must not be read out as news.
  const firstHeld = useRef<{ conversationId: string | null; seq: number } | null>(null);
  if (messages.length && firstHeld.current?.conversationId !== conversationId) firstHeld.current = { conversationId, seq: messages[0]!.seq };
  const liveFrom = firstHeld.current?.seq ?? 0;
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
    <div ref={log} class="log" role="log" aria-live="polite" aria-relevant="additions" onScroll={onScroll}>
      {older.value && <p class="note">{t('loadingOlder')}</p>}
      {messages.length + pending.length === 0 && <p class="note">{config.value?.greeting || t('welcome')}</p>}
      <div class="earlier" aria-live="off">
        {messages.flatMap((m, i) => (m.seq < liveFrom ? stored(m, messages[i - 1]?.at) : []))}
      </div>
      {[
        ...messages.flatMap((m, i) => (m.seq >= liveFrom ? stored(m, messages[i - 1]?.at) : [])),
        // In the same keyed list as the stored messages: an acknowledged send keeps its element, so it is not announced twice.
        ...pending.flatMap((o, i) => [
          <DaySeparator key={`day-${o.clientId}`} at={o.at} before={i ? pending[i - 1]!.at : messages[messages.length - 1]?.at} />,
          <Bubble
            key={o.clientId}
            author="visitor"
            text={o.text}
            at={o.at}
            state={o.error ? 'failed' : connected.value ? 'sending' : 'waiting'}
            onRetry={() => retry(o.clientId)}
          />,
        ]),
      ]}
      <Uploads />
      <SlowDown />
      {!available.value && email.value && <p class="note">{t('replyByEmail')}</p>}
      {!offlineForm && <EmailCard />}
      {typing !== null && <p class="note">{t('typing', { name: typing || t('anAgent') })}</p>}
    </div>
  );
}

/** A stored message under its day line: a transcript event, a call invitation or a bubble. */
function stored(m: Message, before: number | undefined) {
  return [
    <DaySeparator key={`day-${m.clientId ?? m.id}`} at={m.at} before={before} />,
    m.event ? (
      <p key={m.id} class="note event">
        {systemText(m, email.value)}
      </p>
    ) : m.call ? (
      <CallCard key={m.id} call={m.call} name={m.authorName} />
    ) : (
      <Bubble key={m.clientId ?? m.id} author={m.author} name={m.authorName} text={m.text} at={m.at} attachment={m.attachment} receipt={receiptOf(m, receipts.value)} />
    ),
  ];
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

/** A line between two messages of different days, where the visitor is: "Today", "Yesterday", else the date. */
function DaySeparator({ at, before }: { at: number; before: number | undefined }) {
  const now = Date.now();
  const label = dayLabel(at, now, visitorLocale());
  if (before !== undefined && dayLabel(before, now, visitorLocale()) === label) return null;
  return <p class="note day">{label}</p>;
}

/** A send not acknowledged yet: going out now, waiting for the connection, or refused (with Retry). */
type SendState = 'sending' | 'waiting' | 'failed';

interface BubbleProps {
  author: Author;
  text: string;
  attachment?: File;
  name?: string | null;
  /** When the server took it, or for a send not acknowledged yet, when the visitor sent it. */
  at: number;
  state?: SendState;
  onRetry?: () => void;
  /** Of a stored message: how far it got. */
  receipt?: ReceiptState;
}

const STATE_WORDS = { sending: 'sending', waiting: 'waitingForConnection' } as const;

/**
 * The time and the state stay the same elements while the state moves on (Sending…, Sent,
 * Delivered, Seen): the log announces additions only, so a state change is not read out; a refusal
 * is a new element, and is.
 */
function Bubble({ author, text, attachment, name, at, state, onRetry, receipt }: BubbleProps) {
  return (
    <div class={`msg ${author}${state === 'failed' ? ' failed' : state ? ' pending' : ''}`}>
      {author === 'agent' && <span class="name">{name || t('agent')}</span>}
      {attachment ? <Attachment attachment={attachment} /> : <MessageText text={text} />}
      <span class="meta">
        <time dateTime={new Date(at).toISOString()}>{clock(at, visitorLocale())}</time>
        {state === 'failed' ? (
          <span class="error">
            {t('notSent')}{' '}
            <button type="button" onClick={onRetry}>
              {t('retry')}
            </button>
          </span>
        ) : (
          <span class="state">{state ? t(STATE_WORDS[state]) : receipt ? t(receipt) : ''}</span>
        )}
      </span>
    </div>
  );
}
