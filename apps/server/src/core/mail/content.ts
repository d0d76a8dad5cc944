/**
 * The words of a fallback email, as plain text and as HTML saying the same thing: the recent
 * context, then the unseen replies with who wrote them and when, the continue link, the unsubscribe link.
 */
import { escapeHtml, linkify } from '@parley/protocol';
import type { Message } from '../../ports/store.ts';
import type { FallbackDraft } from '../../ports/mail-store.ts';

export interface FallbackLinks {
  continueUrl: string;
  unsubscribeUrl: string;
  /** Whether answering the email reaches the chat (the reply-by-email listener runs). */
  repliesByEmail: boolean;
}

/** Collapses what a person typed into one line: names and site names go into greetings and headers. */
export function oneLine(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ').replace(/\s+/g, ' ').trim();
}

function timeFormat(timeZone: string | null): Intl.DateTimeFormat {
  const options: Intl.DateTimeFormatOptions = { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', timeZoneName: 'short' };
  try {
    return new Intl.DateTimeFormat('en-GB', { ...options, timeZone: timeZone ?? 'UTC' });
  } catch {
    return new Intl.DateTimeFormat('en-GB', { ...options, timeZone: 'UTC' });
  }
}

function listOf(names: string[]): string {
  return names.length < 2 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

interface Entry {
  who: string;
  when: string;
  text: string;
  fresh: boolean;
}

export function fallbackContent(draft: FallbackDraft, links: FallbackLinks): { text: string; html: string } {
  const site = oneLine(draft.siteName) || 'the site';
  const format = timeFormat(draft.timeZone);
  const agentName = (m: Message) => oneLine(m.agentName ?? '') || site;
  const entry = (m: Message, fresh: boolean): Entry => ({ who: m.author === 'visitor' ? 'You' : agentName(m), when: format.format(m.at), text: m.text, fresh });
  const entries = [...draft.context.map((m) => entry(m, false)), ...draft.unseen.map((m) => entry(m, m.author === 'agent'))];
  const repliers = [...new Set(draft.unseen.filter((m) => m.author === 'agent').map(agentName))];
  const name = oneLine(draft.to.name ?? '');
  const greeting = name ? `Hi ${name},` : 'Hello,';
  const intro = `${listOf(repliers)} replied to your chat on ${site}.`;
  const replyNote = 'Or simply reply to this email.';
  const why = `You get this email because you left your email address in the chat on ${site} and were away when the reply came.`;

  const text = [
    greeting,
    '',
    intro,
    '',
    ...entries.flatMap((e) => [`${e.who} (${e.when}):`, e.text, '']),
    `Continue the chat: ${links.continueUrl}`,
    ...(links.repliesByEmail ? [replyNote] : []),
    '',
    '-- ',
    why,
    `Unsubscribe: ${links.unsubscribeUrl}`,
    '',
  ].join('\n');

  const paragraph = (body: string, style = '') => `<p style="margin:0 0 16px 0;${style}">${body}</p>`;
  const messageHtml = (e: Entry) => {
    const body = linkify(e.text)
      .map((part) => (part.href ? `<a href="${escapeHtml(part.href)}" style="color:#264653;">${escapeHtml(part.text)}</a>` : escapeHtml(part.text)))
      .join('')
      .replace(/\r?\n/g, '<br>');
    const colour = e.fresh ? '#1f2933' : '#6b7280';
    return `<div style="margin:0 0 16px 0;padding:0 0 0 12px;border-left:3px solid ${e.fresh ? '#264653' : '#d1d5db'};color:${colour};">
<div style="font-size:13px;"><strong>${escapeHtml(e.who)}</strong> <span style="color:#6b7280;">${escapeHtml(e.when)}</span></div>
<div>${body}</div>
</div>`;
  };
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(intro)}</title>
</head>
<body style="margin:0;padding:0;background:#ffffff;">
<div style="max-width:560px;margin:0 auto;padding:24px 16px;font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.5;color:#1f2933;">
${paragraph(escapeHtml(greeting))}
${paragraph(escapeHtml(intro))}
${entries.map(messageHtml).join('\n')}
${paragraph(`<a href="${escapeHtml(links.continueUrl)}" style="display:inline-block;padding:10px 18px;background:#264653;color:#ffffff;text-decoration:none;border-radius:6px;">Continue the chat</a>`)}
${links.repliesByEmail ? paragraph(escapeHtml(replyNote)) : ''}
${paragraph(`${escapeHtml(why)} <a href="${escapeHtml(links.unsubscribeUrl)}" style="color:#6b7280;">Unsubscribe</a>`, 'font-size:12px;color:#6b7280;')}
</div>
</body>
</html>
`;
  return { text, html };
}
