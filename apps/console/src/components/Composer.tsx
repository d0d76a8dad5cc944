/**
 * The reply box: Enter sends, Shift+Enter breaks the line; typing is announced to the visitor,
 * throttled. `note` says beside Send how a reply reaches a visitor who is offline.
 */
import { MAX_MESSAGE_LENGTH } from '@parley/protocol';
import { drafts, sendReply, setDraft } from '../state/messages.ts';
import { replyBoxId } from '../state/shortcuts.ts';
import { agentStoppedTyping, agentTyping } from '../state/typing.ts';

export function Composer({ conversationId, note }: { conversationId: string; note: string | null }) {
  const draft = drafts.value[conversationId] ?? '';
  const inputId = replyBoxId(conversationId);

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
      />
      <button type="submit" class="primary" disabled={!draft.trim()}>
        Send
      </button>
    </form>
  );
}
