/** Writing first to a customer: a message box, an optional "Send at" time, and Send (now) or Schedule. Self-contained: give it the visitor's id. */
import { useEffect, useRef } from 'preact/hooks';
import { MAX_MESSAGE_LENGTH } from '@parley/protocol';
import { FormError } from './AuthCard.tsx';
import { cancelStartChat, openStartChat, sendStartChat, setStartSendAt, setStartText, startChat, type StartChat } from '../state/start-chat.ts';
import { strings } from '../strings.ts';

/** `label`: the button that opens the box ("Start chat" beside someone browsing). */
export function WriteToCustomer({ visitorId, label = strings.writeToCustomer.writeToCustomer }: { visitorId: string; label?: string }) {
  const start = startChat.value?.visitorId === visitorId ? startChat.value : null;
  return (
    <div class="write-to-customer">
      {!start && (
        <button type="button" aria-expanded={false} onClick={() => openStartChat(visitorId)}>
          {label}
        </button>
      )}
      {start && <WriteForm start={start} />}
    </div>
  );
}

/** The earliest "Send at" the input offers: a minute from now, in the browser's local time as datetime-local reads it. */
function localMinute(at: number): string {
  const d = new Date(at + 60_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

function WriteForm({ start }: { start: StartChat }) {
  const input = useRef<HTMLTextAreaElement>(null);
  const inputId = `start-${start.visitorId}`;
  const sendAtId = `send-at-${start.visitorId}`;
  const sending = start.clientId !== null;
  useEffect(() => input.current?.focus(), [start.visitorId]);

  return (
    <form
      class="start-chat"
      onSubmit={(event) => {
        event.preventDefault();
        sendStartChat();
      }}
    >
      <label class="visually-hidden" for={inputId}>
        {strings.writeToCustomer.messageToVisitor}
      </label>
      <textarea
        id={inputId}
        ref={input}
        rows={2}
        maxLength={MAX_MESSAGE_LENGTH}
        placeholder={strings.writeToCustomer.placeholder}
        value={start.text}
        readOnly={sending}
        onInput={(event) => setStartText(event.currentTarget.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
            event.preventDefault();
            sendStartChat();
          }
          if (event.key === 'Escape') cancelStartChat();
        }}
      />
      <label class="send-at" for={sendAtId}>
        {strings.writeToCustomer.sendAt}
        <input id={sendAtId} type="datetime-local" min={localMinute(Date.now())} value={start.sendAt} readOnly={sending} onInput={(event) => setStartSendAt(event.currentTarget.value)} />
      </label>
      <button type="submit" class="primary" disabled={sending || !start.text.trim()}>
        {start.sendAt ? strings.writeToCustomer.schedule : strings.writeToCustomer.send}
      </button>
      <button type="button" onClick={cancelStartChat}>
        {strings.common.cancel}
      </button>
      <span class="muted" role="status">
        {sending ? (start.conversationId ? strings.writeToCustomer.opening : start.sendAt ? strings.writeToCustomer.scheduling : strings.writeToCustomer.sending) : ''}
      </span>
      <p class="hint muted">{strings.writeToCustomer.hint}</p>
      <FormError message={start.error} />
    </form>
  );
}
