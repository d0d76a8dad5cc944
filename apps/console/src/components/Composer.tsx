/**
 * The reply box: Enter sends, Shift+Enter breaks the line; typing is announced to the visitor,
 * throttled. `note` says beside Send how a reply reaches a visitor who is offline. Files are
 * picked (Attach file) or pasted here, and dropped anywhere on the conversation (ConversationView).
 */
import { MAX_MESSAGE_LENGTH } from '@parley/protocol';
import { useRef } from 'preact/hooks';
import { drafts, sendReply, setDraft } from '../state/messages.ts';
import { replyBoxId } from '../state/shortcuts.ts';
import { agentStoppedTyping, agentTyping } from '../state/typing.ts';
import { uploadAll } from '../state/uploads.ts';
import { Uploads } from './Attachment.tsx';

export function Composer({ conversationId, note }: { conversationId: string; note: string | null }) {
  const draft = drafts.value[conversationId] ?? '';
  const inputId = replyBoxId(conversationId);
  const picker = useRef<HTMLInputElement>(null);

  function send() {
    agentStoppedTyping();
    sendReply(conversationId, draft);
  }

  return (
    <form
      class="composer"
      onSubmit={(event) => {
        event.preventDefault();
        send();
      }}
    >
      <Uploads conversationId={conversationId} />
      <p class="composer-note" role="status">
        {note ?? ''}
      </p>
      <label class="visually-hidden" for={inputId}>
        Reply
      </label>
      <textarea
        id={inputId}
        rows={3}
        maxLength={MAX_MESSAGE_LENGTH}
        placeholder="Write a reply. Enter sends, Shift+Enter adds a line."
        value={draft}
        onInput={(event) => {
          setDraft(conversationId, event.currentTarget.value);
          agentTyping(conversationId);
        }}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
            event.preventDefault();
            send();
          }
        }}
        onBlur={agentStoppedTyping}
        onPaste={(event) => uploadAll(conversationId, event.clipboardData?.files) && event.preventDefault()}
      />
      <input
        ref={picker}
        type="file"
        multiple
        hidden
        onChange={(event) => {
          uploadAll(conversationId, event.currentTarget.files);
          event.currentTarget.value = '';
        }}
      />
      <button type="button" class="attach" onClick={() => picker.current?.click()}>
        Attach file
      </button>
      <button type="submit" class="primary" disabled={!draft.trim()}>
        Send
      </button>
    </form>
  );
}
