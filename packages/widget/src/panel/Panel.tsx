/** The chat dialog: header, conversation, and the composer or, with no agent available, the offline form. */
import { useEffect, useRef } from 'preact/hooks';
import { close } from '../chat.ts';
import { uploadAll } from '../files.ts';
import { available, email, isOpen } from '../state.ts';
import { Composer } from './Composer.tsx';
import { MessageList } from './MessageList.tsx';
import { OfflineForm } from './OfflineForm.tsx';

export function Panel() {
  const open = isOpen.value;
  const offline = !available.value;
  // Live: an agent becoming available turns the form back into the composer.
  const offlineForm = offline && !email.value;
  const dialog = useRef<HTMLDivElement>(null);

  // Also when the form changes under the visitor (availability arrived): the focused field is gone.
  useEffect(() => {
    if (open) dialog.current?.querySelector<HTMLElement>('input, textarea')?.focus();
  }, [open, offlineForm]);

  return (
    <div
      ref={dialog}
      class="panel"
      role="dialog"
      aria-label="Chat"
      hidden={!open}
      onKeyDown={(event) => event.key === 'Escape' && close()}
      // Files dropped anywhere on the panel are sent, once a conversation can take them.
      onDragOver={(event) => !offlineForm && event.preventDefault()}
      onDrop={(event) => !offlineForm && uploadAll(event.dataTransfer?.files) && event.preventDefault()}
    >
      <header>
        <div>
          <h2>Chat with us</h2>
          <p>{offline ? "We're away — leave your email" : 'We typically reply in a few minutes'}</p>
        </div>
        <button type="button" aria-label="Minimize chat" onClick={close}>
          <svg viewBox="0 0 24 24" aria-hidden="true">
            <path d="M5 11h14v2H5z" />
          </svg>
        </button>
      </header>
      <MessageList offlineForm={offlineForm} />
      {offlineForm ? <OfflineForm /> : <Composer />}
    </div>
  );
}
