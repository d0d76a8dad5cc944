/**
 * The words of the emails, as plain text and as HTML saying the same thing: the fallback email
 * (recent context, then the unseen replies, the continue and unsubscribe links) and the
 * confirmation request (the replies and the shop's name only, with a confirm link).
 *
 * What a visitor typed (their messages, their name) is never a link in either part: it is
 * HTML-escaped, gets no <a>, and is made inert() so that no mail client autolinks it either.
 * Only agents' messages are linkified. The HTML part renders message text from protocol's
 * formatText() tokens, each piece escaped; the text part keeps the text as typed. A file is named,
 * never linked: the chat (the continue link) is where its sender's browser may read it.
 */
import { escapeHtml, formatText, humanSize, type TextToken } from '@parley/protocol';
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

/** "://" in any of the forms URL parsers fold to it. */
const SCHEME_SEPARATOR = /[:\uFF1A\uFE55][/\uFF0F]{2}/g;
/** A dot (or one that IDNA folds to a dot) between a letter or digit and a letter: a host name, an address's domain. */
const HOST_DOT = /([\p{L}\p{N}_-])[.\u2024\u3002\uFE52\uFF0E\uFF61](?=\p{L})/gu;

/**
 * Visitor text as mail clients will not link it: `https://evil.example` becomes
 * `https[:]//evil[.]example`, the convention for a defanged address. Clients autolink anything
 * that looks like a URL, a bare domain or an email address, in plain text and in HTML alike, so
 * escaping alone would still hand a stranger's link to whoever reads the mail.
 */
export function inert(text: string): string {
  return text.replace(SCHEME_SEPARATOR, '[:]//').replace(HOST_DOT, '$1[.]');
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
  /** Already made inert when a visitor wrote it. */
  text: string;
  /** Agent text: its http(s) and mailto URLs become links in the HTML part. */
  linked: boolean;
  fresh: boolean;
}

/** A call to action: a line of text in the plain part, a button in the HTML part. */
interface Action {
  lead: string;
  label: string;
  url: string;
}

interface Layout {
  greeting: string;
  intro: string;
  entries: Entry[];
  actions: Action[];
  replyNote: boolean;
  why: string;
  unsubscribeUrl: string;
}

const REPLY_NOTE = 'Or simply reply to this email.';

function entriesOf(draft: FallbackDraft, site: string, messages: Array<{ message: Message; fresh: boolean }>): Entry[] {
  const format = timeFormat(draft.timeZone);
  return messages.map(({ message: m, fresh }) => {
    const byVisitor = m.author === 'visitor';
    const who = byVisitor ? 'You' : agentName(m, site);
    const when = format.format(m.at);
    if (m.attachment) return { who, when, text: `Sent a file: ${inert(m.attachment.name)} (${humanSize(m.attachment.size)}). Open the chat to see it.`, linked: false, fresh };
    return { who, when, text: byVisitor ? inert(m.text) : m.text, linked: !byVisitor, fresh };
  });
}

const agentName = (m: Message, site: string) => oneLine(m.agentName ?? '') || site;

function repliersOf(draft: FallbackDraft, site: string): string {
  return listOf([...new Set(draft.unseen.filter((m) => m.author === 'agent').map((m) => agentName(m, site)))]);
}

export function fallbackContent(draft: FallbackDraft, links: FallbackLinks): { text: string; html: string } {
  const site = oneLine(draft.siteName) || 'the site';
  const name = inert(oneLine(draft.to.name ?? ''));
  return render({
    greeting: name ? `Hi ${name},` : 'Hello,',
    intro: `${repliersOf(draft, site)} replied to your chat on ${site}.`,
    entries: entriesOf(draft, site, [...draft.context.map((message) => ({ message, fresh: false })), ...draft.unseen.map((message) => ({ message, fresh: message.author === 'agent' }))]),
    actions: [{ lead: 'Continue the chat', label: 'Continue the chat', url: links.continueUrl }],
    replyNote: links.repliesByEmail,
    why: `You get this email because you left your email address in the chat on ${site} and were away when the reply came.`,
    unsubscribeUrl: links.unsubscribeUrl,
  });
}

/**
 * The first email to an address a visitor typed: whoever typed it may not own it, so it carries
 * nothing they wrote (no messages, no name), only the agents' replies, the shop's name and links.
 */
export function confirmationContent(draft: FallbackDraft, links: FallbackLinks & { confirmUrl: string }): { text: string; html: string } {
  const site = oneLine(draft.siteName) || 'the site';
  return render({
    greeting: 'Hello,',
    intro: `${repliersOf(draft, site)} replied to your chat on ${site}.`,
    entries: entriesOf(draft, site, draft.unseen.filter((m) => m.author === 'agent').map((message) => ({ message, fresh: true }))),
    actions: [
      { lead: 'Is this your email address? Confirm it to get further replies by email', label: 'Confirm my email address', url: links.confirmUrl },
      { lead: 'Continue the chat', label: 'Continue the chat', url: links.continueUrl },
    ],
    replyNote: links.repliesByEmail,
    why: `You get this email because this address was entered in the chat on ${site}. If that was not you, ignore it: nothing more is sent here unless the address is confirmed.`,
    unsubscribeUrl: links.unsubscribeUrl,
  });
}

/** One token of message text as HTML: every piece of text escaped, hrefs already limited to http(s) and mailto. */
function tokenHtml(token: TextToken): string {
  switch (token.t) {
    case 'text':
      return escapeHtml(token.text);
    case 'link':
      return `<a href="${escapeHtml(token.href)}" style="color:#264653;">${escapeHtml(token.text)}</a>`;
    case 'break':
      return '<br>';
    case 'code':
      return `<code>${escapeHtml(token.text)}</code>`;
    case 'strong':
    case 'em':
      return `<${token.t}>${token.children.map(tokenHtml).join('')}</${token.t}>`;
  }
}

function render(layout: Layout): { text: string; html: string } {
  const { greeting, intro, entries, actions, why, unsubscribeUrl } = layout;
  const text = [
    greeting,
    '',
    intro,
    '',
    ...entries.flatMap((e) => [`${e.who} (${e.when}):`, e.text, '']),
    ...actions.map((a) => `${a.lead}: ${a.url}`),
    ...(layout.replyNote ? [REPLY_NOTE] : []),
    '',
    '-- ',
    why,
    `Unsubscribe: ${unsubscribeUrl}`,
    '',
  ].join('\n');

  const paragraph = (body: string, style = '') => `<p style="margin:0 0 16px 0;${style}">${body}</p>`;
  const messageHtml = (e: Entry) => {
    const body = formatText(e.text, { links: e.linked }).map(tokenHtml).join('');
    const colour = e.fresh ? '#1f2933' : '#6b7280';
    return `<div style="margin:0 0 16px 0;padding:0 0 0 12px;border-left:3px solid ${e.fresh ? '#264653' : '#d1d5db'};color:${colour};">
<div style="font-size:13px;"><strong>${escapeHtml(e.who)}</strong> <span style="color:#6b7280;">${escapeHtml(e.when)}</span></div>
<div>${body}</div>
</div>`;
  };
  const button = (a: Action) =>
    paragraph(`<a href="${escapeHtml(a.url)}" style="display:inline-block;padding:10px 18px;background:#264653;color:#ffffff;text-decoration:none;border-radius:6px;">${escapeHtml(a.label)}</a>`);
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
${actions.map(button).join('\n')}
${layout.replyNote ? paragraph(escapeHtml(REPLY_NOTE)) : ''}
${paragraph(`${escapeHtml(why)} <a href="${escapeHtml(unsubscribeUrl)}" style="color:#6b7280;">Unsubscribe</a>`, 'font-size:12px;color:#6b7280;')}
</div>
</body>
</html>
`;
  return { text, html };
}
