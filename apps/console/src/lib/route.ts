/** The console's few routes, read from the URL. */
export type Route =
  | { name: 'setup'; token: string }
  | { name: 'inbox'; conversationId: string | null }
  /** Everyone on a site now, chatting or not. */
  | { name: 'visitors' }
  /** The fallback emails, for admins. */
  | { name: 'mail' }
  /** Admins: the agents, to disable or enable. */
  | { name: 'settings' }
  /** Search and export every conversation the agent may see; one of them open, read-only. */
  | { name: 'history'; conversationId: string | null }
  /** The customers list and search, or one customer's page. */
  | { name: 'customers'; customerId: string | null };

/** `base` is where the console is mounted, with its trailing slash (`/console/`). */
export function parseRoute(pathname: string, search: string, base: string): Route {
  const rest = pathname.startsWith(base) ? pathname.slice(base.length) : '';
  if (rest === 'setup') return { name: 'setup', token: new URLSearchParams(search).get('token') ?? '' };
  if (rest === 'visitors') return { name: 'visitors' };
  if (rest === 'mail') return { name: 'mail' };
  if (rest === 'settings') return { name: 'settings' };
  const found = /^history(?:\/c\/([^/]+))?$/.exec(rest);
  if (found) return { name: 'history', conversationId: found[1] ? decodeURIComponent(found[1]) : null };
  if (rest === 'customers') return { name: 'customers', customerId: null };
  const customer = /^customers\/([^/]+)$/.exec(rest);
  if (customer) return { name: 'customers', customerId: decodeURIComponent(customer[1]!) };
  const match = /^c\/([^/]+)$/.exec(rest);
  return { name: 'inbox', conversationId: match ? decodeURIComponent(match[1]!) : null };
}

export function conversationPath(base: string, conversationId: string): string {
  return `${base}c/${encodeURIComponent(conversationId)}`;
}

export function customerPath(base: string, customerId: string | null): string {
  return customerId === null ? `${base}customers` : `${base}customers/${encodeURIComponent(customerId)}`;
}
