/**
 * The links in fallback emails (continue the chat, confirm the address, unsubscribe) and admins' view of the outbox
 * (`GET /api/mail`).
 */
import { CONTINUE_PARAM, type OutboxItem } from '@parley/protocol';
import { Hono } from 'hono';
import { hashToken } from '../../core/auth/tokens.ts';
import type { Core } from '../../core/index.ts';
import { visitorOfUnsubscribeToken } from '../../core/mail/unsubscribe.ts';
import { escapeHtml, htmlPage } from './html.ts';
import { requireAgent } from './session.ts';

const OUTBOX_LIMIT = 200;

/** The visitor's last page when it is on one of the site's origins, else the site's first origin. */
function continueUrl(pageUrl: string | null, origins: string[], token: string): string | null {
  let target: URL | null = null;
  try {
    if (pageUrl && origins.includes(new URL(pageUrl).origin)) target = new URL(pageUrl);
  } catch {
    // Not a URL: fall back to the site.
  }
  try {
    target ??= origins[0] ? new URL(origins[0]) : null;
  } catch {
    return null;
  }
  target?.searchParams.set(CONTINUE_PARAM, token);
  return target?.href ?? null;
}

export function mailRoutes(core: Core) {
  const { secret } = core.ctx;
  const app = new Hono();

  app.get('/c/:token', async (c) => {
    const token = c.req.param('token');
    const target = await core.mail.continueTarget(hashToken(token));
    const url = target && continueUrl(target.pageUrl, target.origins, token);
    if (url) return c.redirect(url, 302);
    return c.html(
      htmlPage('This link has expired', '<p>Links in chat emails work once and for 7 days. Open the chat on the site again to carry on the conversation.</p>'),
      410,
    );
  });

  const confirmPage = (token: string) => `/e/${encodeURIComponent(token)}`;
  const unknownConfirm = () => htmlPage('Unknown link', '<p>This confirmation link is not one we made, or the address in the chat has changed since.</p>');

  // A GET only asks: mail scanners open links, and must not confirm an address for its owner.
  app.get('/e/:token', async (c) => {
    const token = c.req.param('token');
    if (!(await core.mail.confirmable(token))) return c.html(unknownConfirm(), 404);
    return c.html(
      htmlPage(
        'Confirm your email address',
        `<p>Get the replies to your chat by email at this address?</p>
<form method="post" action="${escapeHtml(confirmPage(token))}"><button type="submit">Confirm my email address</button></form>`,
      ),
    );
  });

  app.post('/e/:token', async (c) => {
    if (!(await core.mail.confirm(c.req.param('token')))) return c.html(unknownConfirm(), 404);
    return c.html(htmlPage('Your email address is confirmed', '<p>Replies to your chat will come to this address, with the conversation so far.</p>'));
  });

  const unsubscribePage = (token: string) => `/u/${encodeURIComponent(token)}`;

  app.get('/u/:token', (c) => {
    const token = c.req.param('token');
    if (!visitorOfUnsubscribeToken(token, secret)) return c.html(htmlPage('Unknown link', '<p>This unsubscribe link is not one we made.</p>'), 404);
    return c.html(
      htmlPage(
        'Unsubscribe',
        `<p>Stop getting emails when an answer in the chat arrives while you are away?</p>
<form method="post" action="${escapeHtml(unsubscribePage(token))}"><button type="submit">Unsubscribe</button></form>`,
      ),
    );
  });

  // Also the one-click unsubscribe (RFC 8058) mail providers POST to the List-Unsubscribe URL.
  app.post('/u/:token', async (c) => {
    if (!(await core.mail.unsubscribe(c.req.param('token')))) return c.html(htmlPage('Unknown link', '<p>This unsubscribe link is not one we made.</p>'), 404);
    return c.html(htmlPage('You are unsubscribed', '<p>You will get no more emails about this chat.</p>'));
  });

  return app;
}

/** Under /api: the outbox, newest first, for admins. */
export function mailApiRoutes(core: Core) {
  const app = new Hono();
  app.get('/mail', requireAgent(core, { role: 'admin' }), async (c) => {
    const items: OutboxItem[] = await core.mail.sentMail(OUTBOX_LIMIT);
    return c.json({ items });
  });
  return app;
}
