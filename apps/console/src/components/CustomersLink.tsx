/** "Link contact": finds the customer this conversation's visitor is on another device, and links them. */
import { useEffect, useState } from 'preact/hooks';
import { MAX_CUSTOMER_QUERY_LENGTH, type VisitorProfile } from '@parley/protocol';
import { findLinkTarget, linkSearch, linkToCustomer } from '../state/customers.ts';
import { FormError } from './AuthCard.tsx';
import { strings } from '../strings.ts';

export function LinkContact({ visitor, close }: { visitor: VisitorProfile; close(): void }) {
  const [error, setError] = useState<string | null>(null);
  const { q, items, loading } = linkSearch.value;
  useEffect(() => void findLinkTarget(visitor.email ?? visitor.name ?? ''), [visitor.id]);
  // Only customers it can join: the same site, and not the visitor or the customer it belongs to already.
  const candidates = (items ?? []).filter((item) => item.siteId === visitor.siteId && item.id !== visitor.id && item.id !== visitor.customerId);
  return (
    <section class="link-contact" aria-label={strings.customersLink.linkContact}>
      <p class="muted">{strings.customersLink.intro(visitor.displayName)}</p>
      <div class="form-actions">
        <input
          type="search"
          aria-label={strings.customersLink.findCustomer}
          placeholder={strings.common.nameEmailOrPhone}
          maxLength={MAX_CUSTOMER_QUERY_LENGTH}
          value={q}
          onInput={(event) => void findLinkTarget(event.currentTarget.value)}
        />
        <button type="button" onClick={close}>
          {strings.common.cancel}
        </button>
        <span class="muted" role="status">
          {loading ? strings.common.searching : ''}
        </span>
      </div>
      <FormError message={error} />
      {items && candidates.length === 0 && !loading && <p class="empty">{strings.customersLink.noOther}</p>}
      {candidates.length > 0 && (
        <ul class="customer-list" aria-label={strings.customersLink.candidates}>
          {candidates.map((item) => (
            <li key={item.id}>
              <strong>{item.displayName}</strong>
              <span class="muted">{[item.email, item.phone].filter(Boolean).join(' · ')}</span>
              <button type="button" aria-label={strings.customersLink.linkTo(item.displayName)} onClick={async () => setError(await linkToCustomer(item.id, visitor.id))}>
                {strings.customersLink.link}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
