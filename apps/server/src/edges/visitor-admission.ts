/**
 * Whether a page may open the visitor socket for a site: decided before the upgrade (ws/attach.ts),
 * and told over HTTP to a widget whose handshake failed (http/visitor-admission.ts), since browsers
 * hide a refused handshake's status from the page.
 */
import type { Core } from '../core/index.ts';
import type { Site } from '../ports/store.ts';

export type Admission =
  | { ok: true; site: Site }
  | { ok: false; status: 403 | 404; code: 'origin_not_allowed' | 'unknown_site'; message: string };

export async function admitVisitor(core: Core, siteKey: string | null | undefined, origin: string | undefined): Promise<Admission> {
  const site = siteKey ? await core.sites.byKey(siteKey) : null;
  if (!site) return { ok: false, status: 404, code: 'unknown_site', message: 'No site has this key: check data-site in the snippet.' };
  if (!origin || !site.origins.includes(origin)) {
    return { ok: false, status: 403, code: 'origin_not_allowed', message: `This site's chat is not allowed on ${origin || 'this page'}.` };
  }
  return { ok: true, site };
}
