/** The Customers page: a search over name, email and phone, and the customers found, newest first, a page at a time. */
import { useEffect } from 'preact/hooks';
import { MAX_CUSTOMER_QUERY_LENGTH, type CustomerListItem } from '@parley/protocol';
import { fullTime } from '../lib/time.ts';
import { customerSearch, findCustomers, moreCustomers } from '../state/customers.ts';
import { customerHref, goToCustomers } from '../state/router.ts';
import { FormError } from './AuthCard.tsx';
import { strings } from '../strings.ts';

export function Customers() {
  const { q, items, next, loading, error } = customerSearch.value;
  useEffect(() => void findCustomers(customerSearch.peek().q), []);
  return (
    <main class="page customers" aria-labelledby="customers-heading">
      <header class="page-header">
        <h1 id="customers-heading">{strings.customers.customers}</h1>
        <input
          type="search"
          class="customer-search"
          aria-label={strings.customers.search}
          placeholder={strings.common.nameEmailOrPhone}
          maxLength={MAX_CUSTOMER_QUERY_LENGTH}
          value={q}
          onInput={(event) => void findCustomers(event.currentTarget.value)}
        />
        <span class="muted" role="status">
          {loading ? strings.common.searching : items ? strings.customers.found(items.length, Boolean(next)) : ''}
        </span>
      </header>
      <FormError message={error} />
      {items?.length === 0 && <p class="empty">{q ? strings.customers.noMatch(q) : strings.customers.none}</p>}
      {items && items.length > 0 && (
        <ul class="customer-list" aria-label={strings.customers.customers}>
          {items.map((item) => (
            <CustomerLine key={item.id} item={item} />
          ))}
        </ul>
      )}
      {next && (
        <button type="button" onClick={() => void moreCustomers()} disabled={loading}>
          {strings.customers.showMore}
        </button>
      )}
    </main>
  );
}

function CustomerLine({ item }: { item: CustomerListItem }) {
  return (
    <li>
      <a
        href={customerHref(item.id)}
        onClick={(event) => {
          event.preventDefault();
          goToCustomers(item.id);
        }}
      >
        {item.displayName}
      </a>
      <span class="muted">{[item.email, item.phone].filter(Boolean).join(' · ')}</span>
      <span class="muted">
        {item.siteName}
        {item.linked > 0 && strings.customers.devices(item.linked + 1)}
      </span>
      <span class="muted" title={fullTime(item.createdAt)}>
        {strings.common.firstSeen(fullTime(item.createdAt))}
      </span>
    </li>
  );
}
