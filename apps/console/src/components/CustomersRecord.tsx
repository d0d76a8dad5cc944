/**
 * A customer's page: contact details (editable), the visitors linked to them (their devices), and
 * the history: every conversation they had and the log entries agents wrote, newest first.
 */
import { useEffect, useState } from 'preact/hooks';
import { LOG_KIND_LABELS, LOG_KINDS, MAX_EMAIL_LENGTH, MAX_LOG_TEXT_LENGTH, MAX_NAME_LENGTH, MAX_PHONE_LENGTH, type CustomerConversation, type CustomerRecord, type LogEntry, type LogKind, type VisitorProfile } from '@parley/protocol';
import { fullTime } from '../lib/time.ts';
import { addLog, customerPage, loadCustomer, saveCustomerDetails } from '../state/customers.ts';
import { conversationHref, goToConversation, goToCustomers } from '../state/router.ts';
import { Field, FormError } from './AuthCard.tsx';
import { PendingMessages } from './PendingMessages.tsx';
import { WriteToCustomer } from './WriteToCustomer.tsx';

export function CustomerPage({ customerId }: { customerId: string }) {
  useEffect(() => void loadCustomer(customerId), [customerId]);
  const page = customerPage.value;
  const record = page?.record ?? null;
  return (
    <main class="page customer" aria-labelledby="customer-heading">
      <header class="page-header">
        <button type="button" class="ghost back" onClick={() => goToCustomers()}>
          ← Customers
        </button>
        <h2 id="customer-heading">{record ? record.visitors[0]!.displayName : 'Customer'}</h2>
        {record && <span class="muted">{record.siteName}</span>}
        <span class="muted" role="status">
          {page?.loading ? 'Loading…' : ''}
        </span>
      </header>
      <FormError message={page?.error ?? null} />
      {record && <Customer record={record} />}
    </main>
  );
}

function Customer({ record }: { record: CustomerRecord }) {
  const [primary, ...linked] = record.visitors;
  return (
    <>
      <ContactDetails customerId={record.id} visitor={primary!} />
      {linked.length > 0 && (
        <section aria-labelledby="customer-devices">
          <h3 id="customer-devices">Linked visitors</h3>
          <ul class="customer-devices">
            {linked.map((visitor) => (
              <li key={visitor.id}>
                <strong>{visitor.displayName}</strong>
                <span class="muted">{[visitor.email, visitor.phone].filter(Boolean).join(' · ') || 'No details'}</span>
                <span class="muted">First seen {fullTime(visitor.context.firstSeenAt)}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
      <section aria-labelledby="customer-outreach">
        <h3 id="customer-outreach">Write to this customer</h3>
        <WriteToCustomer visitorId={primary!.id} />
        <PendingMessages visitorId={primary!.id} />
      </section>
      <History record={record} />
    </>
  );
}

function ContactDetails({ customerId, visitor }: { customerId: string; visitor: VisitorProfile }) {
  const [editing, setEditing] = useState(false);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(event: SubmitEvent) {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const field = (name: string) => String(form.get(name) ?? '').trim();
    setSaving(true);
    const failed = await saveCustomerDetails(customerId, { name: field('name'), email: field('email'), phone: field('phone') });
    setSaving(false);
    setError(failed);
    if (!failed) setEditing(false);
  }

  return (
    <section aria-labelledby="customer-details">
      <h3 id="customer-details">Contact details</h3>
      {editing ? (
        <form class="details-form" onSubmit={submit} noValidate>
          <FormError message={error} />
          <Field label="Name" name="name" autocomplete="off" maxLength={MAX_NAME_LENGTH} defaultValue={visitor.name ?? ''} />
          <Field label="Email" name="email" type="email" autocomplete="off" maxLength={MAX_EMAIL_LENGTH} defaultValue={visitor.email ?? ''} />
          <Field label="Phone" name="phone" type="tel" autocomplete="off" maxLength={MAX_PHONE_LENGTH} defaultValue={visitor.phone ?? ''} />
          <p class="hint muted">An empty field clears it.</p>
          <div class="form-actions">
            <button type="submit" class="primary" disabled={saving}>
              Save
            </button>
            <button type="button" onClick={() => setEditing(false)}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <>
          <dl class="facts">
            <dt>Name</dt>
            <dd>{visitor.name ?? 'Unknown'}</dd>
            <dt>Email</dt>
            <dd>{visitor.email ? <a href={`mailto:${visitor.email}`}>{visitor.email}</a> : 'Unknown'}</dd>
            <dt>Phone</dt>
            <dd>{visitor.phone ?? 'Unknown'}</dd>
          </dl>
          <button type="button" onClick={() => setEditing(true)}>
            Edit details
          </button>
        </>
      )}
    </section>
  );
}

type HistoryItem = { at: number; conversation: CustomerConversation } | { at: number; entry: LogEntry };

function History({ record }: { record: CustomerRecord }) {
  const [adding, setAdding] = useState(false);
  const items: HistoryItem[] = [
    ...record.conversations.map((conversation) => ({ at: conversation.createdAt, conversation })),
    ...record.log.map((entry) => ({ at: entry.at, entry })),
  ].sort((a, b) => b.at - a.at);
  return (
    <section aria-labelledby="customer-history">
      <header class="page-header">
        <h3 id="customer-history">Communications</h3>
        {!adding && (
          <button type="button" onClick={() => setAdding(true)}>
            Add log entry
          </button>
        )}
      </header>
      {adding && <LogForm customerId={record.id} done={() => setAdding(false)} />}
      {items.length === 0 ? (
        <p class="empty">No conversations or log entries yet.</p>
      ) : (
        <ul class="customer-history" aria-label="Communications">
          {items.map((item) => ('conversation' in item ? <ConversationLine key={item.conversation.id} conversation={item.conversation} /> : <LogLine key={item.entry.id} entry={item.entry} />))}
        </ul>
      )}
    </section>
  );
}

function ConversationLine({ conversation }: { conversation: CustomerConversation }) {
  return (
    <li class="history-conversation">
      <a
        href={conversationHref(conversation.id)}
        onClick={(event) => {
          event.preventDefault();
          goToConversation(conversation.id);
        }}
      >
        Conversation of {fullTime(conversation.createdAt)}
      </a>
      <span class="muted">
        {conversation.status === 'open' ? 'Open' : 'Closed'} · last activity {fullTime(conversation.updatedAt)}
      </span>
    </li>
  );
}

function LogLine({ entry }: { entry: LogEntry }) {
  return (
    <li class="history-log">
      <strong>
        {LOG_KIND_LABELS[entry.kind]}
        {entry.minutes !== null && `, ${entry.minutes} min`}
      </strong>
      <span class="log-text">{entry.text}</span>
      <span class="muted">
        {entry.agentName ?? 'An agent'} · {fullTime(entry.at)}
      </span>
    </li>
  );
}

function LogForm({ customerId, done }: { customerId: string; done(): void }) {
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  async function submit(event: SubmitEvent) {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const minutes = String(form.get('minutes') ?? '').trim();
    const text = String(form.get('text') ?? '').trim();
    if (!text) return setError('Write what happened.');
    if (minutes && !/^\d+$/.test(minutes)) return setError('Minutes is a whole number.');
    setSaving(true);
    const failed = await addLog(customerId, { kind: String(form.get('kind')) as LogKind, minutes: minutes ? Number(minutes) : null, text });
    setSaving(false);
    if (failed) setError(failed);
    else done();
  }

  return (
    <form class="details-form log-form" onSubmit={submit} noValidate>
      <FormError message={error} />
      <label class="field">
        <span>Kind</span>
        <select name="kind">
          {LOG_KINDS.map((kind) => (
            <option key={kind} value={kind}>
              {LOG_KIND_LABELS[kind]}
            </option>
          ))}
        </select>
      </label>
      <Field label="Minutes" name="minutes" inputMode="numeric" autocomplete="off" />
      <label class="field">
        <span>What happened</span>
        <textarea name="text" rows={3} maxLength={MAX_LOG_TEXT_LENGTH} />
      </label>
      <div class="form-actions">
        <button type="submit" class="primary" disabled={saving}>
          Save entry
        </button>
        <button type="button" onClick={done}>
          Cancel
        </button>
      </div>
    </form>
  );
}
