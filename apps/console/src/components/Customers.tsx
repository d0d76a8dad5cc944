/** The Customers page: a search over name, email and phone, and the customers found, newest first, a page at a time. */
import { useEffect } from 'preact/hooks';
import { MAX_CUSTOMER_QUERY_LENGTH, type CustomerListItem } from '@parley/protocol';
import { fullTime } from '../lib/time.ts';
import { customerSearch, findCustomers, moreCustomers } from '../state/customers.ts';
import { customerHref, goToCustomers } from '../state/router.ts';
import { FormError } from './AuthCard.tsx';

export function Customers() {
  const { q, items, next, loading, error } = customerSearch.value;
  useEffect(() => void findCustomers(customerSearch.peek().q), []);
  return (
    <main class="page customers" aria-labelledby="customers-heading">
      <header class="page-header">
        <h2 id="customers-heading">Customers</h2>
        <input
          type="search"
          class="customer-search"
          aria-label="Search customers"
          placeholder="Name, email or phone"
          maxLength={MAX_CUSTOMER_QUERY_LENGTH}
          value={q}
          onInput={(event) => void findCustomers(event.currentTarget.value)}
        />
        <span class="muted" role="status">
          {loading ? 'Searching…' : items ? `${items.length}${next ? '+' : ''} found` : ''}
        </span>
      </header>
      <FormError message={error} />
      {items?.length === 0 && <p class="empty">{q ? `No customer matches “${q}”.` : 'No customers yet: visitors become customers once they chat or leave their details.'}</p>}
      {items && items.length > 0 && (
        <ul class="customer-list" aria-label="Customers">
          {items.map((item) => (
            <CustomerLine key={item.id} item={item} />
          ))}
        </ul>
      )}
      {next && (
        <button type="button" onClick={() => void moreCustomers()} disabled={loading}>
          Show more
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
        {item.linked > 0 && ` · ${item.linked + 1} devices`}
      </span>
      <span class="muted" title={fullTime(item.createdAt)}>
        First seen {fullTime(item.createdAt)}
      </span>
    </li>
  );
}
