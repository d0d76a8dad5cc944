/** "Sent mail", for admins: every fallback email, newest first, with its delivery state. */
import { useEffect } from 'preact/hooks';
import type { Agent, OutboxItem } from '@parley/protocol';
import { fullTime } from '../lib/time.ts';
import { loadOutbox, outbox } from '../state/outbox.ts';
import { FormError } from './AuthCard.tsx';
import { strings } from '../strings.ts';

export function SentMail({ agent }: { agent: Agent }) {
  if (agent.role !== 'admin') {
    return (
      <main class="page" aria-labelledby="mail-heading">
        <h1 id="mail-heading">{strings.sentMail.sentMail}</h1>
        <p class="muted">{strings.sentMail.adminsOnly}</p>
      </main>
    );
  }
  return <Outbox />;
}

function Outbox() {
  const { items, loading, error } = outbox.value;
  useEffect(() => void loadOutbox(), []);
  return (
    <main class="page" aria-labelledby="mail-heading">
      <header class="page-header">
        <h1 id="mail-heading">{strings.sentMail.sentMail}</h1>
        <button type="button" onClick={() => void loadOutbox()} disabled={loading}>
          {strings.sentMail.refresh}
        </button>
        <span class="muted" role="status">
          {loading ? strings.common.loading : ''}
        </span>
      </header>
      <FormError message={error} />
      {items?.length === 0 && <p class="empty">{strings.sentMail.none}</p>}
      {items && items.length > 0 && (
        <div class="table-wrap">
          <table class="outbox">
            <caption class="visually-hidden">{strings.sentMail.caption}</caption>
            <thead>
              <tr>
                <th scope="col">{strings.sentMail.to}</th>
                <th scope="col">{strings.sentMail.subject}</th>
                <th scope="col">{strings.common.status}</th>
                <th scope="col">{strings.sentMail.attempts}</th>
                <th scope="col">{strings.sentMail.lastError}</th>
                <th scope="col">{strings.sentMail.created}</th>
                <th scope="col">{strings.sentMail.sent}</th>
                <th scope="col">{strings.sentMail.file}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => (
                <OutboxRow key={item.id} item={item} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </main>
  );
}

function OutboxRow({ item }: { item: OutboxItem }) {
  return (
    <tr>
      <td>{item.to}</td>
      <td>{item.subject}</td>
      <td>
        <span class={`mail-status mail-${item.status}`}>{strings.sentMail.statuses[item.status]}</span>
      </td>
      <td class="number">{item.attempts}</td>
      <td class={item.lastError ? 'error' : 'muted'}>{item.lastError ?? '—'}</td>
      <td>{fullTime(item.createdAt)}</td>
      <td>{item.sentAt === null ? '—' : fullTime(item.sentAt)}</td>
      <td>{item.file ? <code>{item.file}</code> : '—'}</td>
    </tr>
  );
}
