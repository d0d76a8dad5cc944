/** The thread: held messages and transcript events by seq, then this agent's replies still waiting for their ack. */
import { useLayoutEffect, useRef } from 'preact/hooks';
import { eventLine, type ConversationSummary, type Message } from '@parley/protocol';
import { messageEmailText } from '../lib/email.ts';
import { fullTime, messageTime } from '../lib/time.ts';
import { now } from '../state/clock.ts';
import { discardReply, pending, retryReply, threads, type PendingReply } from '../state/messages.ts';
import { MessageText } from './MessageText.tsx';

/** Within this many pixels of the end, the log follows new messages; further up, the agent is reading. */
const FOLLOW_PX = 48;

export function MessageLog({ conversation }: { conversation: ConversationSummary }) {
  const thread = threads.value[conversation.id];
  const replies = pending.value.filter((p) => p.conversationId === conversation.id);
  const log = useRef<HTMLDivElement>(null);
  const follow = useRef(true);

  useLayoutEffect(() => {
    if (follow.current && log.current) log.current.scrollTop = log.current.scrollHeight;
  });

  function onScroll() {
    const el = log.current!;
    follow.current = el.scrollHeight - el.scrollTop - el.clientHeight < FOLLOW_PX;
  }

  return (
    <div class="log" role="log" aria-label="Messages" ref={log} onScroll={onScroll}>
      {thread === undefined && <p class="log-note">Loading messages…</p>}
      {thread?.length === 0 && replies.length === 0 && <p class="log-note">No messages yet.</p>}
      <ol class="messages">
        {thread?.map((message) =>
          message.event ? <EventItem key={message.seq} message={message} /> : <MessageItem key={message.seq} message={message} visitorName={conversation.visitor.displayName} />,
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
  if (message.author === 'agent') return message.authorName ?? 'Agent';
  return 'Parley';
}

function MessageItem({ message, visitorName }: { message: Message; visitorName: string }) {
  return (
    <li class={`message from-${message.author}`}>
      <div class="bubble">
        <MessageText text={message.text} />
      </div>
      <div class="meta">
        <span>{authorOf(message, visitorName)}</span>
        <Time at={message.at} />
      </div>
      {message.email && <div class={`email-state email-${message.email.status}`}>{messageEmailText(message.email)}</div>}
    </li>
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
            <span class="error">Not sent: {reply.error}</span>
            <button type="button" class="link" onClick={() => retryReply(reply.clientId)}>
              Retry
            </button>
            <button type="button" class="link" onClick={() => discardReply(reply.clientId)}>
              Discard
            </button>
          </>
        ) : (
          <span>Sending…</span>
        )}
      </div>
    </li>
  );
}
