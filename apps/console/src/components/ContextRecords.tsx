/** The records a shop's page or an agent attached to the visitor's conversation (an order, a cart), as links; agents add and remove them. */
import { useEffect, useState } from 'preact/hooks';
import { MAX_CONTEXT_ID_LENGTH, MAX_CONTEXT_LABEL_LENGTH, MAX_CONTEXT_TYPE_LENGTH, MAX_URL_LENGTH, type ContextRecord } from '@parley/protocol';
import { addContextRecord, askContextRecords, contextRecords, removeContextRecord } from '../state/context-records.ts';
import { synced } from '../state/sync.ts';
import { Field, FormError } from './AuthCard.tsx';
import { strings } from '../strings.ts';

export function ContextRecords({ visitorId }: { visitorId: string }) {
  const live = synced.value;
  // Asked again after every reconnection: changes made while away came to no socket of ours.
  useEffect(() => {
    if (live) askContextRecords(visitorId);
  }, [visitorId, live]);
  const records = contextRecords.value.get(visitorId) ?? [];
  const [adding, setAdding] = useState(false);
  return (
    <section class="context-records" aria-labelledby={`context-${visitorId}`}>
      <h3 id={`context-${visitorId}`}>{strings.contextRecords.context}</h3>
      {records.length === 0 ? (
        <p class="muted">{strings.contextRecords.none}</p>
      ) : (
        <ul aria-labelledby={`context-${visitorId}`}>
          {records.map((record) => (
            <RecordItem key={`${record.type}:${record.id}`} visitorId={visitorId} record={record} />
          ))}
        </ul>
      )}
      {adding ? (
        <AddRecord visitorId={visitorId} done={() => setAdding(false)} />
      ) : (
        <button type="button" onClick={() => setAdding(true)}>
          {strings.contextRecords.addRecord}
        </button>
      )}
    </section>
  );
}

function RecordItem({ visitorId, record }: { visitorId: string; record: ContextRecord }) {
  return (
    <li class="context-record">
      {record.url ? (
        <a href={record.url} target="_blank" rel="noopener noreferrer">
          {record.label}
        </a>
      ) : (
        <span>{record.label}</span>
      )}
      <span class="muted"> {record.type}</span>
      {record.addedBy && <span class="muted">{strings.contextRecords.addedBy(record.addedBy)}</span>}
      <button type="button" class="ghost" aria-label={strings.contextRecords.removeRecord(record.label)} onClick={() => removeContextRecord(visitorId, record)}>
        {strings.contextRecords.remove}
      </button>
    </li>
  );
}

function AddRecord({ visitorId, done }: { visitorId: string; done: () => void }) {
  const [error, setError] = useState<string | null>(null);
  function submit(event: SubmitEvent) {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const field = (name: string) => String(form.get(name) ?? '').trim();
    const [type, id, label, url] = ['type', 'id', 'label', 'url'].map(field) as [string, string, string, string];
    if (!type || !id || !label) return setError(strings.contextRecords.needsFields);
    if (url && !/^https?:\/\//i.test(url)) return setError(strings.contextRecords.linkNotHttp);
    if (!addContextRecord(visitorId, { type, id, label, url: url || null })) return setError(strings.errors.notConnected);
    done();
  }
  return (
    <form class="details-form" onSubmit={submit} noValidate>
      <FormError message={error} />
      <Field label={strings.contextRecords.type} name="type" autocomplete="off" maxLength={MAX_CONTEXT_TYPE_LENGTH} defaultValue="order" />
      <Field label={strings.contextRecords.recordId} name="id" autocomplete="off" maxLength={MAX_CONTEXT_ID_LENGTH} />
      <Field label={strings.contextRecords.label} name="label" autocomplete="off" maxLength={MAX_CONTEXT_LABEL_LENGTH} />
      <Field label={strings.contextRecords.link} name="url" type="url" autocomplete="off" maxLength={MAX_URL_LENGTH} />
      <div class="form-actions">
        <button type="submit" class="primary">
          {strings.contextRecords.add}
        </button>
        <button type="button" onClick={done}>
          {strings.common.cancel}
        </button>
      </div>
    </form>
  );
}
