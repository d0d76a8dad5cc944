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
import { strings } from '../strings.ts';

export function CustomerPage({ customerId }: { customerId: string }) {
  useEffect(() => void loadCustomer(customerId), [customerId]);
  const page = customerPage.value;
  const record = page?.record ?? null;
  return (
    <main class="page customer" aria-labelledby="customer-heading">
      <header class="page-header">
        <button type="button" class="ghost back" onClick={() => goToCustomers()}>
          {strings.customersRecord.backArrow}
        </button>
        <h1 id="customer-heading">{record ? record.visitors[0]!.displayName : strings.customersRecord.customer}</h1>
        {record && <span class="muted">{record.siteName}</span>}
        <span class="muted" role="status">
          {page?.loading ? strings.common.loading : ''}
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
          <h2 id="customer-devices">{strings.customersRecord.linkedVisitors}</h2>
          <ul class="customer-devices">
            {linked.map((visitor) => (
              <li key={visitor.id}>
                <strong>{visitor.displayName}</strong>
                <span class="muted">{[visitor.email, visitor.phone].filter(Boolean).join(' · ') || strings.customersRecord.noDetails}</span>
                <span class="muted">{strings.common.firstSeen(fullTime(visitor.context.firstSeenAt))}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
      <section aria-labelledby="customer-outreach">
        <h2 id="customer-outreach">{strings.customersRecord.writeToThisCustomer}</h2>
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
      <h2 id="customer-details">{strings.customersRecord.contactDetails}</h2>
      {editing ? (
        <form class="details-form" onSubmit={submit} noValidate>
          <FormError message={error} />
          <Field label={strings.common.name} name="name" autocomplete="off" maxLength={MAX_NAME_LENGTH} defaultValue={visitor.name ?? ''} />
          <Field label={strings.common.email} name="email" type="email" autocomplete="off" maxLength={MAX_EMAIL_LENGTH} defaultValue={visitor.email ?? ''} />
          <Field label={strings.customersRecord.phone} name="phone" type="tel" autocomplete="off" maxLength={MAX_PHONE_LENGTH} defaultValue={visitor.phone ?? ''} />
          <p class="hint muted">{strings.customersRecord.emptyClears}</p>
          <div class="form-actions">
            <button type="submit" class="primary" disabled={saving}>
              {strings.common.save}
            </button>
            <button type="button" onClick={() => setEditing(false)}>
              {strings.common.cancel}
            </button>
          </div>
        </form>
      ) : (
        <>
          <dl class="facts">
            <dt>{strings.common.name}</dt>
            <dd>{visitor.name ?? strings.customersRecord.unknown}</dd>
            <dt>{strings.common.email}</dt>
            <dd>{visitor.email ? <a href={`mailto:${visitor.email}`}>{visitor.email}</a> : strings.customersRecord.unknown}</dd>
            <dt>{strings.customersRecord.phone}</dt>
            <dd>{visitor.phone ?? strings.customersRecord.unknown}</dd>
          </dl>
          <button type="button" onClick={() => setEditing(true)}>
            {strings.customersRecord.editDetails}
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
        <h2 id="customer-history">{strings.customersRecord.communications}</h2>
        {!adding && (
          <button type="button" onClick={() => setAdding(true)}>
            {strings.customersRecord.addLogEntry}
          </button>
        )}
      </header>
      {adding && <LogForm customerId={record.id} done={() => setAdding(false)} />}
      {items.length === 0 ? (
        <p class="empty">{strings.customersRecord.nothingYet}</p>
      ) : (
        <ul class="customer-history" aria-label={strings.customersRecord.communications}>
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
        {strings.customersRecord.conversationOf(fullTime(conversation.createdAt))}
      </a>
      <span class="muted">
        {strings.common.conversationStatuses[conversation.status]}{strings.customersRecord.lastActivity(fullTime(conversation.updatedAt))}
      </span>
    </li>
  );
}

function LogLine({ entry }: { entry: LogEntry }) {
  return (
    <li class="history-log">
      <strong>
        {LOG_KIND_LABELS[entry.kind]}
        {entry.minutes !== null && strings.customersRecord.logMinutes(entry.minutes)}
      </strong>
      <span class="log-text">{entry.text}</span>
      <span class="muted">
        {entry.agentName ?? strings.customersRecord.anAgent} · {fullTime(entry.at)}
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
    if (!text) return setError(strings.customersRecord.writeWhatHappened);
    if (minutes && !/^\d+$/.test(minutes)) return setError(strings.customersRecord.minutesWhole);
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
        <span>{strings.customersRecord.kind}</span>
        <select name="kind">
          {LOG_KINDS.map((kind) => (
            <option key={kind} value={kind}>
              {LOG_KIND_LABELS[kind]}
            </option>
          ))}
        </select>
      </label>
      <Field label={strings.customersRecord.minutes} name="minutes" inputMode="numeric" autocomplete="off" />
      <label class="field">
        <span>{strings.customersRecord.whatHappened}</span>
        <textarea name="text" rows={3} maxLength={MAX_LOG_TEXT_LENGTH} />
      </label>
      <div class="form-actions">
        <button type="submit" class="primary" disabled={saving}>
          {strings.customersRecord.saveEntry}
        </button>
        <button type="button" onClick={done}>
          {strings.common.cancel}
        </button>
      </div>
    </form>
  );
}
