/** The visitor beside their conversation: contact details (editable), context records, writing to them later, current page, visit and browser. */
import type { ComponentChildren } from 'preact';
import { MAX_EMAIL_LENGTH, MAX_NAME_LENGTH, MAX_PHONE_LENGTH, type VisitorProfile } from '@parley/protocol';
import { placeName } from '../lib/location.ts';
import { fullTime } from '../lib/time.ts';
import { detailsOf } from '../lib/visitor-details.ts';
import { cancelDetails, detailsEdit, saveDetails } from '../state/visitor-edit.ts';
import { Field, FormError } from './AuthCard.tsx';
import { ContextRecords } from './ContextRecords.tsx';
import { PageAddress } from './PageAddress.tsx';
import { GeoAttribution, Place } from './Place.tsx';
import { WriteToCustomer } from './WriteToCustomer.tsx';

export function VisitorPanel({ visitor }: { visitor: VisitorProfile }) {
  const { context } = visitor;
  const editing = detailsEdit.value?.visitorId === visitor.id;
  return (
    <aside class="visitor-panel" id="visitor-panel" aria-labelledby="visitor-panel-heading">
      <h2 id="visitor-panel-heading">Visitor</h2>
      {editing ? (
        <DetailsForm visitor={visitor} />
      ) : (
        <dl class="facts">
          <Fact term="Name" value={visitor.name} />
          <Fact term="Email">
            {visitor.email ? (
              <>
                <a href={`mailto:${visitor.email}`}>{visitor.email}</a>
                {visitor.emailStatus !== 'ok' && <span class="email-status"> ({visitor.emailStatus})</span>}
              </>
            ) : null}
          </Fact>
          <Fact term="Phone" value={visitor.phone} />
        </dl>
      )}
      <ContextRecords visitorId={visitor.id} />
      <WriteToCustomer visitorId={visitor.id} />
      <dl class="facts">
        <Fact term="Current page">
          {context.page && (
            <>
              <span class="page-title">{context.page.title || 'Untitled page'}</span>
              <PageAddress url={context.page.url} />
            </>
          )}
        </Fact>
        <Fact term="Referrer" value={context.referrer} />
        <Fact term="First seen" value={fullTime(context.firstSeenAt)} />
        <Fact term="Visits" value={String(context.visits)} />
        <Fact term="Browser" value={context.browser} />
        <Fact term="OS" value={context.os} />
        <Fact term="Language" value={context.language} />
        <Fact term="Time zone" value={context.timeZone} />
        <Fact term="Location">
          <Place visitor={visitor} />
        </Fact>
      </dl>
      {placeName(visitor.location) && <GeoAttribution />}
    </aside>
  );
}

/** A term and its value; "Unknown" when there is none. */
function Fact({ term, value, children }: { term: string; value?: string | null; children?: ComponentChildren }) {
  const content = children ?? value;
  const empty = content === null || content === undefined || content === '';
  return (
    <>
      <dt>{term}</dt>
      <dd class={empty ? 'muted' : undefined}>{empty ? 'Unknown' : content}</dd>
    </>
  );
}

function DetailsForm({ visitor }: { visitor: VisitorProfile }) {
  const edit = detailsEdit.value!;
  const initial = detailsOf(visitor);

  function submit(event: SubmitEvent) {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const field = (name: string) => String(form.get(name) ?? '');
    saveDetails({ name: field('name'), email: field('email'), phone: field('phone') });
  }

  return (
    <form class="details-form" onSubmit={submit} noValidate>
      <FormError message={edit.error} />
      <Field label="Name" name="name" autocomplete="off" maxLength={MAX_NAME_LENGTH} defaultValue={initial.name} />
      <Field label="Email" name="email" type="email" autocomplete="off" maxLength={MAX_EMAIL_LENGTH} defaultValue={initial.email} />
      <Field label="Phone" name="phone" type="tel" autocomplete="off" maxLength={MAX_PHONE_LENGTH} defaultValue={initial.phone} />
      <p class="hint muted">An empty field clears it.</p>
      <div class="form-actions">
        <button type="submit" class="primary" disabled={edit.saving !== null}>
          Save
        </button>
        <button type="button" onClick={cancelDetails}>
          Cancel
        </button>
        <span class="muted" role="status">
          {edit.saving ? 'Saving…' : ''}
        </span>
      </div>
    </form>
  );
}
