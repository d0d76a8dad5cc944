/** "Sent mail", for admins: every fallback email, newest first, with its delivery state. */
import { useEffect } from 'preact/hooks';
import type { Agent, OutboxItem, OutboxStatus } from '@parley/protocol';
import { fullTime } from '../lib/time.ts';
import { loadOutbox, outbox } from '../state/outbox.ts';
import { FormError } from './AuthCard.tsx';

export function SentMail({ agent }: { agent: Agent }) {
  if (agent.role !== 'admin') {
    return (
      <main class="page" aria-labelledby="mail-heading">
        <h2 id="mail-heading">Sent mail</h2>
        <p class="muted">Only admins can see sent mail.</p>
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
        <h2 id="mail-heading">Sent mail</h2>
        <button type="button" onClick={() => void loadOutbox()} disabled={loading}>
          Refresh
        </button>
        <span class="muted" role="status">
          {loading ? 'Loading…' : ''}
        </span>
      </header>
      <FormError message={error} />
      {items?.length === 0 && <p class="empty">No fallback email was sent yet.</p>}
      {items && items.length > 0 && (
        <div class="table-wrap">
          <table class="outbox">
            <caption class="visually-hidden">Fallback emails, newest first</caption>
            <thead>
              <tr>
                <th scope="col">To</th>
                <th scope="col">Subject</th>
                <th scope="col">Status</th>
                <th scope="col">Attempts</th>
                <th scope="col">Last error</th>
                <th scope="col">Created</th>
                <th scope="col">Sent</th>
                <th scope="col">File</th>
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

/** Each state in words: 'held' waits for the visitor to confirm their address from the confirmation email. */
const STATUS_TEXT: Record<OutboxStatus, string> = {
  queued: 'Queued',
  sending: 'Sending',
  sent: 'Sent',
  failed: 'Failed',
  held: 'Waiting for confirmation',
};

function OutboxRow({ item }: { item: OutboxItem }) {
  return (
    <tr>
      <td>{item.to}</td>
      <td>{item.subject}</td>
      <td>
        <span class={`mail-status mail-${item.status}`}>{STATUS_TEXT[item.status]}</span>
      </td>
      <td class="number">{item.attempts}</td>
      <td class={item.lastError ? 'error' : 'muted'}>{item.lastError ?? '—'}</td>
      <td>{fullTime(item.createdAt)}</td>
      <td>{item.sentAt === null ? '—' : fullTime(item.sentAt)}</td>
      <td>{item.file ? <code>{item.file}</code> : '—'}</td>
    </tr>
  );
}
