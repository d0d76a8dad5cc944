/** Notices single-page-app navigation (history API and back/forward), so agents see the visitor's current page. */
import { guard } from './guard.ts';

export function onNavigation(notify: () => void): void {
  const safeNotify = guard(notify);
  for (const name of ['pushState', 'replaceState'] as const) {
    const original = history[name];
    history[name] = function (this: History, ...args: Parameters<History['pushState']>) {
      original.apply(this, args);
      safeNotify();
    };
  }
  addEventListener('popstate', safeNotify);
}
