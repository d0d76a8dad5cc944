/** Scheduled messages not sent yet: customer, text, time, author; each with Cancel. An admin sees everyone's. */
import { useEffect } from 'preact/hooks';
import type { PendingMessage } from '@parley/protocol';
import { fullTime } from '../lib/time.ts';
import { FormError } from './AuthCard.tsx';
import { cancelPending, loadPendingMessages, pendingMessages } from '../state/pending-messages.ts';
import { strings } from '../strings.ts';

/** `visitorId`: only that customer's (in their panel or page); none: all of the list. */
export function PendingMessages({ visitorId }: { visitorId?: string }) {
  useEffect(() => void loadPendingMessages(), []);
  const { items, error, cancelling } = pendingMessages.value;
  const shown = items?.filter((item) => !visitorId || item.visitorId === visitorId) ?? null;
  const heading = `pending-heading-${visitorId ?? 'all'}`;
  return (
    <section class="pending-messages" aria-labelledby={heading}>
      <h2 id={heading}>{strings.pendingMessages.pendingMessages}</h2>
      <FormError message={error} />
      {shown === null ? (
        <p class="muted">{strings.common.loading}</p>
      ) : shown.length === 0 ? (
        <p class="empty">{strings.pendingMessages.none}</p>
      ) : (
        <ul aria-labelledby={heading}>
          {shown.map((item) => (
            <PendingRow key={item.id} item={item} busy={cancelling === item.id} />
          ))}
        </ul>
      )}
    </section>
  );
}

function PendingRow({ item, busy }: { item: PendingMessage; busy: boolean }) {
  return (
    <li class="pending-row">
      <div class="who">
        <span class="name">{item.visitorName}</span>
        <span class="muted"> · {fullTime(item.sendAt)}</span>
        <span class="muted">{strings.pendingMessages.by(item.agentName ?? strings.pendingMessages.formerAgent)}</span>
      </div>
      <p class="text">{item.text}</p>
      <button type="button" disabled={busy} onClick={() => void cancelPending(item.id)}>
        {strings.common.cancel}
      </button>
    </li>
  );
}
