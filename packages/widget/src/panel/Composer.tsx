/** The message box: Enter sends, Shift+Enter starts a new line. */
import { MAX_MESSAGE_LENGTH } from '@parley/protocol';
import { useState } from 'preact/hooks';
import { sendMessage, stopTyping, typed } from '../send.ts';

/** Enter submits the form (with its validation), unless composing with an IME or asking for a new line. */
export function submitOnEnter(event: KeyboardEvent): void {
  if (event.key !== 'Enter' || event.shiftKey || event.isComposing) return;
  event.preventDefault();
  (event.currentTarget as HTMLTextAreaElement).form?.requestSubmit();
}

export function Composer() {
  const [text, setText] = useState('');
  return (
    <form
      class="composer"
      onSubmit={(event) => {
        event.preventDefault();
        if (sendMessage(text)) setText('');
      }}
    >
      <textarea
        aria-label="Message"
        placeholder="Type your message…"
        rows={1}
        maxLength={MAX_MESSAGE_LENGTH}
        value={text}
        onInput={(event) => {
          setText(event.currentTarget.value);
          typed();
        }}
        onKeyDown={submitOnEnter}
        onBlur={stopTyping}
      />
      <button type="submit">Send</button>
    </form>
  );
}
