/** An agent's message that arrived while the chat was closed, beside the launcher: a click opens the chat. */
import { useEffect, useState } from 'preact/hooks';
import { dismissPreview, open } from '../chat.ts';
import { isOpen, preview } from '../state.ts';
import { t } from '../i18n.ts';

export function Preview() {
  // Screen readers announce what appears in a live region already there, not a region that appears
  // with its text: so the region is never hidden, and on the first render (the chunk may load for
  // this very message) it is empty, filled a moment later.
  const [live, setLive] = useState(false);
  useEffect(() => setLive(true), []);
  const message = live && !isOpen.value && preview.value;
  const from = message && (message.authorName || t('agent'));
  return (
    <div role="status" aria-label={from ? t('newMessageFrom', { name: from }) : undefined}>
      {message && (
        <div class="preview">
          <button type="button" class="preview-open" onClick={open}>
            <span class="name">{from}</span>
            <span class="preview-text">{message.text}</span>
          </button>
          <button type="button" class="dismiss" aria-label={t('dismiss')} onClick={dismissPreview}>
            ×
          </button>
        </div>
      )}
    </div>
  );
}
