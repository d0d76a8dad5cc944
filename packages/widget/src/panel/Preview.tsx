/** An agent's message that arrived while the chat was closed, beside the launcher: a click opens the chat. */
import { dismissPreview, open } from '../chat.ts';
import { isOpen, preview } from '../state.ts';
import { t } from '../i18n.ts';
import { placement } from './placement.ts';

export function Preview() {
  const message = !isOpen.value && preview.value;
  const from = message && (message.authorName || t('agent'));
  // The live region stays in the document, so screen readers announce what appears in it.
  return (
    <div class="preview" {...placement()} role="status" aria-label={from ? t('newMessageFrom', { name: from }) : undefined} hidden={!message}>
      {message && (
        <>
          <button type="button" class="preview-open" onClick={open}>
            <span class="name">{from}</span>
            <span class="preview-text">{message.text}</span>
          </button>
          <button type="button" class="dismiss" aria-label={t('dismiss')} onClick={dismissPreview}>
            ×
          </button>
        </>
      )}
    </div>
  );
}
