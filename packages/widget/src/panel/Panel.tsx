/** The chat dialog: header, conversation, and the composer or, with no agent available, the offline form. */
import { useEffect, useRef } from 'preact/hooks';
import { close } from '../chat.ts';
import { uploadAll } from '../files.ts';
import { available, email, isOpen } from '../state.ts';
import { fitPhone } from './phone.ts';
import { Composer } from './Composer.tsx';
import { Header } from './Header.tsx';
import { MessageList } from './MessageList.tsx';
import { OfflineForm } from './OfflineForm.tsx';
import { dir, lang, t } from '../i18n.ts';

export function Panel() {
  const open = isOpen.value;
  const offline = !available.value;
  // Live: an agent becoming available turns the form back into the composer.
  const offlineForm = offline && !email.value;
  const dialog = useRef<HTMLDivElement>(null);

  // Into the message box (or the offline form's first field), also when the form changes under the
  // visitor (availability arrived): the focused field is gone. Not a field of the log's email card.
  useEffect(() => {
    if (open) dialog.current?.querySelector<HTMLElement>(':scope > form :is(input:not([hidden]), textarea)')?.focus();
  }, [open, offlineForm]);
  useEffect(() => fitPhone(dialog.current!), []);

  return (
    <div
      ref={dialog}
      class="panel"
      role="dialog"
      aria-label={t('chat')}
      lang={lang.value}
      dir={dir.value}
      hidden={!open}
     
      onKeyDown={(event) => event.key === 'Escape' && close()}
      // Files dropped anywhere on the panel are sent, once a conversation can take them.
      onDragOver={(event) => !offlineForm && event.preventDefault()}
      onDrop={(event) => !offlineForm && uploadAll(event.dataTransfer?.files) && event.preventDefault()}
    >
      <Header />
      <MessageList offlineForm={offlineForm} />
      {offlineForm ? <OfflineForm /> : <Composer />}
    </div>
  );
}
