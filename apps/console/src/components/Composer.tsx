/**
 * The reply box: Enter sends, Shift+Enter breaks the line; typing is announced to the visitor,
 * throttled. `note` says beside Send how a reply reaches a visitor who is offline. Files are
 * picked (Attach file) or pasted here, and dropped anywhere on the conversation (ConversationView).
 * `/` at the start of a word (or "Insert template") opens the Templates list; what is picked
 * replaces the `/word`, its placeholders filled from `values`, for the agent to edit before sending.
 */
import { useRef, useState } from 'preact/hooks';
import { MAX_MESSAGE_LENGTH, matchTemplates, type MessageTemplate, type PlaceholderValues, slashWord } from '@parley/protocol';
import { callSending, sendCallLink } from '../state/calls.ts';
import { drafts, sendReply, setDraft } from '../state/messages.ts';
import { replyBoxId } from '../state/shortcuts.ts';
import { insertTemplate, loadTemplates, templates } from '../state/templates.ts';
import { agentStoppedTyping, agentTyping } from '../state/typing.ts';
import { uploadAll } from '../state/uploads.ts';
import { Uploads } from './Attachment.tsx';
import { optionId, pickerId, TemplatePicker } from './TemplatePicker.tsx';
import { strings } from '../strings.ts';

/** The part of the draft a picked template replaces, and what the list is filtered by. */
interface Picking {
  start: number;
  end: number;
  query: string;
}

export function Composer({ conversationId, note, values }: { conversationId: string; note: string | null; values: PlaceholderValues }) {
  const draft = drafts.value[conversationId] ?? '';
  const inputId = replyBoxId(conversationId);
  const picker = useRef<HTMLInputElement>(null);
  const box = useRef<HTMLTextAreaElement>(null);
  const [picking, setPicking] = useState<Picking | null>(null);
  const [active, setActive] = useState(0);
  const matches = picking ? matchTemplates(templates.value ?? [], picking.query) : [];

  function send() {
    agentStoppedTyping();
    sendReply(conversationId, draft);
  }

  function open(next: Picking) {
    // Fetched again at each opening: a template a colleague added since is there.
    if (!picking) void loadTemplates();
    if (next.query !== picking?.query) setActive(0);
    setPicking(next);
  }

  /** Opens, filters or closes the list after the text or the caret moved. */
  function follow(text: string, caret: number) {
    const word = slashWord(text, caret);
    if (word) open({ start: word.start, end: caret, query: word.query });
    else setPicking(null);
  }

  function pick(template: MessageTemplate) {
    if (!picking) return;
    const { text, caret } = insertTemplate(draft, picking, template, values);
    setDraft(conversationId, text);
    setPicking(null);
    requestAnimationFrame(() => {
      box.current?.focus();
      box.current?.setSelectionRange(caret, caret);
    });
  }

  /** The list's keys while it is open: arrows move, Enter or Tab inserts, Escape closes. Whether the key was the list's. */
  function pickerKey(event: KeyboardEvent): boolean {
    if (!picking) return false;
    if (event.key === 'Escape') {
      setPicking(null);
      return true;
    }
    if (matches.length === 0) return false;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((Math.min(active, matches.length - 1) + step + matches.length) % matches.length);
      return true;
    }
    if ((event.key === 'Enter' && !event.shiftKey) || event.key === 'Tab') {
      pick(matches[Math.min(active, matches.length - 1)]!);
      return true;
    }
    return false;
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
        {strings.composer.reply}
      </label>
      {picking && <TemplatePicker conversationId={conversationId} matches={matches} active={Math.min(active, matches.length - 1)} loaded={templates.value !== null} pick={pick} />}
      <textarea
        id={inputId}
        ref={box}
        rows={3}
        maxLength={MAX_MESSAGE_LENGTH}
        placeholder={strings.composer.placeholder}
        value={draft}
        aria-autocomplete="list"
        aria-controls={picking ? pickerId(conversationId) : undefined}
        aria-activedescendant={picking && matches.length > 0 ? optionId(conversationId, Math.min(active, matches.length - 1)) : undefined}
        onInput={(event) => {
          const el = event.currentTarget;
          setDraft(conversationId, el.value);
          follow(el.value, el.selectionStart);
          agentTyping(conversationId);
        }}
        onClick={(event) => picking && follow(event.currentTarget.value, event.currentTarget.selectionStart)}
        onKeyDown={(event) => {
          if (event.isComposing) return;
          if (pickerKey(event)) {
            event.preventDefault();
            return;
          }
          if (event.key === 'Enter' && !event.shiftKey) {
            event.preventDefault();
            send();
          }
        }}
        onBlur={() => {
          setPicking(null);
          agentStoppedTyping();
        }}
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
      <div class="composer-tools">
        <button type="button" class="ghost" onClick={() => picker.current?.click()}>
          {strings.composer.attachFile}
        </button>
        <button
          type="button"
          class="ghost"
          onClick={() => {
            const caret = box.current?.selectionStart ?? draft.length;
            open({ start: caret, end: caret, query: '' });
            box.current?.focus();
          }}
        >
          {strings.composer.insertTemplate}
        </button>
        <button type="button" class="ghost" disabled={callSending.value === conversationId} onClick={() => void sendCallLink(conversationId)}>
          {strings.composer.sendCallLink}
        </button>
      </div>
      <button type="submit" class="primary" disabled={!draft.trim()}>
        {strings.composer.send}
      </button>
    </form>
  );
}
