/** The current route as a signal; the URL stays the source of truth (reload and back work). */
import { signal } from '@preact/signals';
import { conversationPath, customerPath, parseRoute, type Route } from '../lib/route.ts';

const BASE = import.meta.env.BASE_URL;

function current(): Route {
  return parseRoute(location.pathname, location.search, BASE);
}

export const route = signal<Route>(current());

export function startRouter(): void {
  addEventListener('popstate', () => {
    route.value = current();
  });
}

function navigate(path: string, replace = false): void {
  if (replace) history.replaceState(null, '', path);
  else history.pushState(null, '', path);
  route.value = current();
}

export function goToInbox(replace = false): void {
  navigate(BASE, replace);
}

export function goToConversation(conversationId: string): void {
  navigate(conversationPath(BASE, conversationId));
}

export function goToVisitors(): void {
  navigate(`${BASE}visitors`);
}

export function goToMail(): void {
  navigate(`${BASE}mail`);
}

export const SETTINGS_PATH = `${BASE}settings`;

export function goToSettings(): void {
  navigate(SETTINGS_PATH);
}

export const HISTORY_PATH = `${BASE}history`;

export function goToHistory(conversationId: string | null = null): void {
  navigate(conversationId === null ? HISTORY_PATH : `${HISTORY_PATH}/c/${encodeURIComponent(conversationId)}`);
}
export const CUSTOMERS_PATH = customerPath(BASE, null);

/** `customerId` null: the list. */
export function goToCustomers(customerId: string | null = null): void {
  navigate(customerPath(BASE, customerId));
}

export const customerHref = (customerId: string) => customerPath(BASE, customerId);
export const conversationHref = (conversationId: string) => conversationPath(BASE, conversationId);
