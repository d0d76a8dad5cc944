/** "Continue the chat" links from emails: `?parley_continue=<token>` on the site's page. */
import { CONTINUE_PARAM } from '@parley/protocol';

/**
 * Splits a parameter off a query string (`?a=1&b=2`). Returns its value (null when absent) and the
 * query without it; the other parameters keep their exact spelling, since the page may read them.
 */
export function takeParam(search: string, name: string): [value: string | null, rest: string] {
  const kept = search
    .slice(1)
    .split('&')
    .filter((part) => part && part.split('=', 1)[0] !== name);
  return [new URLSearchParams(search).get(name), kept.length ? `?${kept.join('&')}` : ''];
}

/** Reads the token from this page's URL and removes it there, so a reload or a shared link does not reuse it. */
export function takeContinueToken(): string | undefined {
  const [token, search] = takeParam(location.search, CONTINUE_PARAM);
  if (token === null) return undefined;
  history.replaceState(history.state, '', location.pathname + search + location.hash);
  return token || undefined;
}
