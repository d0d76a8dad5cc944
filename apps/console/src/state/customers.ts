/**
 * Customers: the list as the server searches it (by pages), one customer's page with its log, and
 * linking the visitor of a conversation to a customer. Fetched on demand over `/api/customers`.
 */
import { signal } from '@preact/signals';
import type { CustomerDetails, CustomerListItem, CustomerRecord, LogEntryInput } from '@parley/protocol';
import { addLogEntry, changeCustomer, getCustomer, linkVisitor, searchCustomers } from '../api.ts';
import { goToCustomers } from './router.ts';

export interface CustomerSearch {
  q: string;
  /** Null until a first answer arrived. */
  items: readonly CustomerListItem[] | null;
  /** The next page's cursor; null: this is all. */
  next: string | null;
  loading: boolean;
  error: string | null;
}

const NO_SEARCH: CustomerSearch = { q: '', items: null, next: null, loading: false, error: null };

/** The Customers page's search. */
export const customerSearch = signal<CustomerSearch>(NO_SEARCH);
/** The "Link contact" picker's, kept apart so the two never overwrite each other. */
export const linkSearch = signal<CustomerSearch>(NO_SEARCH);

/** Answers that arrive after a newer search started are dropped: typing fast never shows an old query's list. */
async function runSearch(target: typeof customerSearch, q: string, more: boolean): Promise<void> {
  const before = target.value;
  const after = more ? before.next : null;
  const started: CustomerSearch = { ...(more ? before : { ...NO_SEARCH, items: before.items }), q, loading: true };
  target.value = started;
  const result = await searchCustomers(q, after);
  if (target.value !== started) return;
  target.value = result.ok
    ? { q, items: [...(more ? (before.items ?? []) : []), ...result.value.customers], next: result.value.next, loading: false, error: null }
    : { ...started, loading: false, error: result.message };
}

export const findCustomers = (q: string) => runSearch(customerSearch, q, false);
export const moreCustomers = () => runSearch(customerSearch, customerSearch.value.q, true);
export const findLinkTarget = (q: string) => runSearch(linkSearch, q, false);

export interface CustomerPageState {
  id: string;
  record: CustomerRecord | null;
  loading: boolean;
  error: string | null;
}

export const customerPage = signal<CustomerPageState | null>(null);

export async function loadCustomer(id: string): Promise<void> {
  customerPage.value = { id, record: customerPage.value?.id === id ? customerPage.value.record : null, loading: true, error: null };
  const result = await getCustomer(id);
  if (customerPage.value?.id !== id) return;
  customerPage.value = result.ok ? { id, record: result.value.customer, loading: false, error: null } : { id, record: null, loading: false, error: result.message };
}

/** An error message, or null when saved. */
export async function saveCustomerDetails(id: string, details: CustomerDetails): Promise<string | null> {
  const result = await changeCustomer(id, details);
  if (!result.ok) return result.message;
  if (customerPage.value?.id === id) customerPage.value = { ...customerPage.value, record: result.value.customer };
  return null;
}

/** An error message, or null when added (it shows at the top of the history). */
export async function addLog(id: string, entry: LogEntryInput): Promise<string | null> {
  const result = await addLogEntry(id, entry);
  if (!result.ok) return result.message;
  const page = customerPage.value;
  if (page?.record && page.id === id) customerPage.value = { ...page, record: { ...page.record, log: [result.value.entry, ...page.record.log] } };
  return null;
}

/** Links the visitor to the customer, then shows that customer's page; an error message when refused. */
export async function linkToCustomer(customerId: string, visitorId: string): Promise<string | null> {
  const result = await linkVisitor(customerId, visitorId);
  if (!result.ok) return result.message;
  customerPage.value = { id: result.value.customer.id, record: result.value.customer, loading: false, error: null };
  linkSearch.value = NO_SEARCH;
  goToCustomers(result.value.customer.id);
  return null;
}
