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
import { strings } from '../strings.ts';

export function VisitorPanel({ visitor }: { visitor: VisitorProfile }) {
  const { context } = visitor;
  const editing = detailsEdit.value?.visitorId === visitor.id;
  return (
    <aside class="visitor-panel" id="visitor-panel" aria-labelledby="visitor-panel-heading">
      <h2 id="visitor-panel-heading">{strings.visitorPanel.visitor}</h2>
      {editing ? (
        <DetailsForm visitor={visitor} />
      ) : (
        <dl class="facts">
          <Fact term={strings.common.name} value={visitor.name} />
          <Fact term={strings.common.email}>
            {visitor.email ? (
              <>
                <a href={`mailto:${visitor.email}`}>{visitor.email}</a>
                {visitor.emailStatus !== 'ok' && <span class="email-status"> ({visitor.emailStatus})</span>}
              </>
            ) : null}
          </Fact>
          <Fact term={strings.visitorPanel.phone} value={visitor.phone} />
        </dl>
      )}
      <ContextRecords visitorId={visitor.id} />
      <WriteToCustomer visitorId={visitor.id} />
      <dl class="facts">
        <Fact term={strings.visitorPanel.currentPage}>
          {context.page && (
            <>
              <span class="page-title">{context.page.title || strings.visitorPanel.untitledPage}</span>
              <PageAddress url={context.page.url} />
            </>
          )}
        </Fact>
        <Fact term={strings.visitorPanel.referrer} value={context.referrer} />
        <Fact term={strings.visitorPanel.firstSeen} value={fullTime(context.firstSeenAt)} />
        <Fact term={strings.visitorPanel.visits} value={String(context.visits)} />
        <Fact term={strings.visitorPanel.browser} value={context.browser} />
        <Fact term={strings.visitorPanel.os} value={context.os} />
        <Fact term={strings.visitorPanel.language} value={context.language} />
        <Fact term={strings.visitorPanel.timeZone} value={context.timeZone} />
        <Fact term={strings.visitorPanel.location}>
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
      <dd class={empty ? 'muted' : undefined}>{empty ? strings.visitorPanel.unknown : content}</dd>
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
      <Field label={strings.common.name} name="name" autocomplete="off" maxLength={MAX_NAME_LENGTH} defaultValue={initial.name} />
      <Field label={strings.common.email} name="email" type="email" autocomplete="off" maxLength={MAX_EMAIL_LENGTH} defaultValue={initial.email} />
      <Field label={strings.visitorPanel.phone} name="phone" type="tel" autocomplete="off" maxLength={MAX_PHONE_LENGTH} defaultValue={initial.phone} />
      <p class="hint muted">{strings.visitorPanel.emptyClears}</p>
      <div class="form-actions">
        <button type="submit" class="primary" disabled={edit.saving !== null}>
          {strings.common.save}
        </button>
        <button type="button" onClick={cancelDetails}>
          {strings.common.cancel}
        </button>
        <span class="muted" role="status">
          {edit.saving ? strings.common.saving : ''}
        </span>
      </div>
    </form>
  );
}
