/** The thread: held messages and transcript events by seq, then this agent's replies still waiting for their ack. */
import { useLayoutEffect, useRef } from 'preact/hooks';
import { eventLine, RECEIPT_LABELS, receiptOf, type ConversationSummary, type Message, type Receipts } from '@parley/protocol';
import { messageEmailText } from '../lib/email.ts';
import { fullTime, messageTime } from '../lib/time.ts';
import { now } from '../state/clock.ts';
import { discardReply, hasOlder, loadOlder, pending, type PendingReply, receiptsOf, retryReply, threads } from '../state/messages.ts';
import { Attachment } from './Attachment.tsx';
import { CallCard } from './CallCard.tsx';
import { MessageText } from './MessageText.tsx';
import { strings } from '../strings.ts';

/** Within this many pixels of the end, the log follows new messages; further up, the agent is reading. */
const FOLLOW_PX = 48;
/** Within this many pixels of the top, the page of older messages is asked for: it comes before the agent hits the top. */
const OLDER_PX = 400;

export function MessageLog({ conversation }: { conversation: ConversationSummary }) {
  const thread = threads.value[conversation.id];
  const receipts = receiptsOf(conversation);
  const replies = pending.value.filter((p) => p.conversationId === conversation.id);
  const log = useRef<HTMLDivElement>(null);
  const follow = useRef(true);
  /** The oldest message and the log's height at the last render: older messages above it must not move what the agent reads. */
  const top = useRef<{ seq: number; height: number } | null>(null);

  useLayoutEffect(() => {
    const el = log.current;
    if (!el) return;
    const before = top.current;
    const first = thread?.[0]?.seq;
    if (follow.current) el.scrollTop = el.scrollHeight;
    else if (before && first !== undefined && first < before.seq) el.scrollTop += el.scrollHeight - before.height;
    top.current = first === undefined ? null : { seq: first, height: el.scrollHeight };
    // A log that does not fill its box cannot be scrolled up: the next page is asked for at once.
    if (el.scrollTop < OLDER_PX) loadOlder(conversation.id);
  });

  function onScroll() {
    const el = log.current!;
    follow.current = el.scrollHeight - el.scrollTop - el.clientHeight < FOLLOW_PX;
    if (el.scrollTop < OLDER_PX) loadOlder(conversation.id);
  }

  return (
    <div class="log" role="log" aria-label={strings.messageLog.messages} ref={log} onScroll={onScroll}>
      {thread === undefined && <p class="log-note">{strings.messageLog.loadingMessages}</p>}
      {hasOlder(thread) && <p class="log-note">{strings.messageLog.loadingEarlier}</p>}
      {thread?.length === 0 && replies.length === 0 && <p class="log-note">{strings.messageLog.noMessagesYet}</p>}
      <ol class="messages">
        {thread?.map((message) =>
          message.event ? (
            <EventItem key={message.seq} message={message} />
          ) : (
            <MessageItem key={message.seq} message={message} visitorName={conversation.visitor.displayName} receipts={receipts} />
          ),
        )}
        {replies.map((reply) => (
          <PendingItem key={reply.clientId} reply={reply} />
        ))}
      </ol>
    </div>
  );
}

function authorOf(message: Message, visitorName: string): string {
  if (message.author === 'visitor') return visitorName;
  if (message.author === 'agent') return message.authorName ?? strings.messageLog.agent;
  return strings.common.brand;
}

function MessageItem({ message, visitorName, receipts }: { message: Message; visitorName: string; receipts: Receipts }) {
  return (
    <li class={`message from-${message.author}`}>
      <div class="bubble">
        <MessageBody message={message} />
      </div>
      <div class="meta">
        <span>{authorOf(message, visitorName)}</span>
        <Time at={message.at} />
        <Receipt message={message} receipts={receipts} />
      </div>
      {message.email && <div class={`email-state email-${message.email.status}`}>{messageEmailText(message.email)}</div>}
    </li>
  );
}

/** What a message says: a file, a call invitation or text; also History's read-only transcript. */
export function MessageBody({ message }: { message: Message }) {
  return message.attachment ? <Attachment attachment={message.attachment} /> : message.call ? <CallCard call={message.call} /> : <MessageText text={message.text} />;
}

/** Sent, Delivered or Seen: of an agent's message, by the visitor's widget; of the visitor's, by an agent's console. */
function Receipt({ message, receipts }: { message: Message; receipts: Receipts }) {
  const state = receiptOf(message, receipts);
  const byWhom = message.author === 'visitor' ? strings.messageLog.receiptByAgent : strings.messageLog.receiptByVisitor;
  return (
    <span class={`receipt receipt-${state}`} title={state === 'sent' ? strings.messageLog.stored : byWhom(RECEIPT_LABELS[state])}>
      {RECEIPT_LABELS[state]}
    </span>
  );
}

function Time({ at }: { at: number }) {
  return (
    <time dateTime={new Date(at).toISOString()} title={fullTime(at)}>
      {messageTime(at, now.value)}
    </time>
  );
}

/** A line across the thread: "Ann joined", "Conversation closed by Ann". */
function EventItem({ message }: { message: Message }) {
  return (
    <li class="transcript-event">
      <span>{eventLine(message.event!, message.authorName, message.subjectName, message.params)}</span>
      <Time at={message.at} />
    </li>
  );
}

function PendingItem({ reply }: { reply: PendingReply }) {
  return (
    <li class={`message from-agent ${reply.error ? 'failed' : 'pending'}`}>
      <div class="bubble">
        <MessageText text={reply.text} />
      </div>
      <div class="meta">
        {reply.error ? (
          <>
            <span class="error">{strings.common.notSent(reply.error)}</span>
            <button type="button" class="link" onClick={() => retryReply(reply.clientId)}>
              {strings.messageLog.retry}
            </button>
            <button type="button" class="link" onClick={() => discardReply(reply.clientId)}>
              {strings.messageLog.discard}
            </button>
          </>
        ) : (
          <span>{strings.messageLog.sending}</span>
        )}
      </div>
    </li>
  );
}
