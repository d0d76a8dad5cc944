/** "Link contact": finds the customer this conversation's visitor is on another device, and links them. */
import { useEffect, useState } from 'preact/hooks';
import { MAX_CUSTOMER_QUERY_LENGTH, type VisitorProfile } from '@parley/protocol';
import { findLinkTarget, linkSearch, linkToCustomer } from '../state/customers.ts';
import { FormError } from './AuthCard.tsx';

export function LinkContact({ visitor, close }: { visitor: VisitorProfile; close(): void }) {
  const [error, setError] = useState<string | null>(null);
  const { q, items, loading } = linkSearch.value;
  useEffect(() => void findLinkTarget(visitor.email ?? visitor.name ?? ''), [visitor.id]);
  // Only customers it can join: the same site, and not the visitor or the customer it belongs to already.
  const candidates = (items ?? []).filter((item) => item.siteId === visitor.siteId && item.id !== visitor.id && item.id !== visitor.customerId);
  return (
    <section class="link-contact" aria-label="Link contact">
      <p class="muted">Link {visitor.displayName} to the customer they are on another device: both histories are kept together.</p>
      <div class="form-actions">
        <input
          type="search"
          aria-label="Find customer"
          placeholder="Name, email or phone"
          maxLength={MAX_CUSTOMER_QUERY_LENGTH}
          value={q}
          onInput={(event) => void findLinkTarget(event.currentTarget.value)}
        />
        <button type="button" onClick={close}>
          Cancel
        </button>
        <span class="muted" role="status">
          {loading ? 'Searching…' : ''}
        </span>
      </div>
      <FormError message={error} />
      {items && candidates.length === 0 && !loading && <p class="empty">No other customer of this site matches.</p>}
      {candidates.length > 0 && (
        <ul class="customer-list" aria-label="Customers to link to">
          {candidates.map((item) => (
            <li key={item.id}>
              <strong>{item.displayName}</strong>
              <span class="muted">{[item.email, item.phone].filter(Boolean).join(' · ')}</span>
              <button type="button" aria-label={`Link to ${item.displayName}`} onClick={async () => setError(await linkToCustomer(item.id, visitor.id))}>
                Link
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
