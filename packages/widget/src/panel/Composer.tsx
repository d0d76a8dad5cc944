/** The message box: Enter sends, Shift+Enter starts a new line; files are picked (Attach file) or pasted. */
import { MAX_MESSAGE_LENGTH } from '@parley/protocol';
import { useRef } from 'preact/hooks';
import { uploadAll } from '../files.ts';
import { sendMessage, stopTyping, typed } from '../send.ts';
import { t } from '../i18n.ts';
import { draft } from '../state.ts';

/** Enter submits the form (with its validation), unless composing with an IME or asking for a new line. */
export function submitOnEnter(event: KeyboardEvent): void {
  if (event.key !== 'Enter' || event.shiftKey || event.isComposing) return;
  event.preventDefault();
  (event.currentTarget as HTMLTextAreaElement).form?.requestSubmit();
}

export function Composer() {
  const text = draft.value;
  const setText = (next: string) => (draft.value = next);
  const picker = useRef<HTMLInputElement>(null);
  return (
    <form
      class="composer"
      onSubmit={(event) => {
        event.preventDefault();
        if (sendMessage(text)) setText('');
      }}
    >
      <textarea
        aria-label={t('message')}
        placeholder={t('messagePlaceholder')}
        rows={1}
        maxLength={MAX_MESSAGE_LENGTH}
        value={text}
        onInput={(event) => {
          setText(event.currentTarget.value);
          typed();
        }}
        onKeyDown={submitOnEnter}
        onBlur={stopTyping}
        onPaste={(event) => uploadAll(event.clipboardData?.files) && event.preventDefault()}
      />
      <input
        ref={picker}
        type="file"
        multiple
        hidden
        onChange={(event) => {
          uploadAll(event.currentTarget.files);
          event.currentTarget.value = '';
        }}
      />
      <button type="button" class="attach" aria-label={t('attachFile')} onClick={() => picker.current?.click()}>
        <svg viewBox="0 0 24 24" aria-hidden="true">
          <path d="M16.5 6.5v10a4.5 4.5 0 0 1-9 0V5a3 3 0 0 1 6 0v10.5a1.5 1.5 0 0 1-3 0V6.5H9v9a3 3 0 0 0 6 0V5a4.5 4.5 0 0 0-9 0v11.5a6 6 0 0 0 12 0v-10z" />
        </svg>
      </button>
      <button type="submit">{t('send')}</button>
    </form>
  );
}
