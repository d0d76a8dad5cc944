/**
 * Builds a fallback email's MIME once, so every retry sends the same bytes under the same
 * Message-ID. What visitors or agents typed reaches headers only through nodemailer's encoders,
 * and only after oneLine() took out line breaks.
 */
import { nanoid } from 'nanoid';
import addressparser from 'nodemailer/lib/addressparser';
import { hashToken, newToken } from '../auth/tokens.ts';
import type { CoreSettings } from '../context.ts';
import type { FallbackDraft, QueuedEmail } from '../../ports/mail-store.ts';
import { confirmationContent, fallbackContent, inert, oneLine } from './content.ts';
import { confirmToken } from './confirm.ts';
import { replyAddress } from './reply-address.ts';
import { unsubscribeAddress, unsubscribeToken } from './unsubscribe.ts';

/** How many earlier messages an email shows before the replies. */
export const CONTEXT_SIZE = 5;
export const CONTINUE_LINK_MS = 7 * 86_400_000;
/** References grows by one id an email; mail clients need the root and the latest few to thread. */
const MAX_REFERENCES = 10;
/** An address we can put in an envelope: no spaces, brackets, quotes or line breaks. */
const USABLE_ADDRESS = /^[^\s<>()[\]",;:\\@]+@[^\s<>()[\]",;:\\@]+$/;

/** Who fallback emails come from, and what their links and ids are made of. */
export interface Sender {
  /** The From header, MAIL_FROM as given. */
  from: string;
  /** The bare address of MAIL_FROM: the envelope sender. */
  address: string;
  /** Its domain: Message-IDs, reply and unsubscribe addresses live under it. */
  domain: string;
  publicUrl: string;
  secret: string;
  /** Whether the reply-by-email listener runs: only then does the email invite replies and offer a mailto unsubscribe. */
  repliesByEmail: boolean;
}

export function mailSender(config: CoreSettings, secret: string): Sender {
  // readConfig checked MAIL_FROM holds one address with a domain.
  const address = addressparser(config.mailFrom, { flatten: true })[0]!.address;
  return {
    from: config.mailFrom,
    address,
    domain: address.slice(address.lastIndexOf('@') + 1),
    publicUrl: config.publicUrl,
    secret,
    repliesByEmail: config.repliesByEmail,
  };
}

export class UnusableAddressError extends Error {
  override name = 'UnusableAddressError';
}

/** The id every email of a conversation refers to, so mail clients thread them as one. */
export function conversationRootId(conversationId: string, domain: string): string {
  return `<conversation-${conversationId}@${domain}>`;
}

/**
 * 'confirmation': the first email to an address the visitor typed, without anything they wrote
 * (see confirmationContent); 'fallback': the full email, for an address known to be theirs.
 */
export type EmailKind = 'fallback' | 'confirmation';

export async function composeFallback(draft: FallbackDraft, sender: Sender, now: number, kind: EmailKind = 'fallback'): Promise<QueuedEmail> {
  const to = draft.to.address.trim();
  if (!USABLE_ADDRESS.test(to)) throw new UnusableAddressError(`"${to}" is not an address mail can go to.`);
  const continueToken = newToken();
  const unsubscribe = unsubscribeToken(draft.visitorId, sender.secret);
  const unsubscribeUrl = `${sender.publicUrl}/u/${unsubscribe}`;
  const messageIdHeader = `<${nanoid()}@${sender.domain}>`;
  const references = [conversationRootId(draft.conversationId, sender.domain), ...draft.earlierEmails.slice(-(MAX_REFERENCES - 1))];
  const site = oneLine(draft.siteName) || 'the chat';
  const links = { continueUrl: `${sender.publicUrl}/c/${continueToken}`, unsubscribeUrl, repliesByEmail: sender.repliesByEmail };
  const confirming = kind === 'confirmation';
  const subject = confirming ? `New reply from ${site}: please confirm your email address` : `New reply from ${site}`;
  const { text, html } = confirming
    ? confirmationContent(draft, { ...links, confirmUrl: `${sender.publicUrl}/e/${confirmToken(draft.visitorId, draft.to.address, sender.secret)}` })
    : fallbackContent(draft, links);
  // Loaded with the first email: most servers go a long time without one.
  const { default: MailComposer } = await import('nodemailer/lib/mail-composer');
  const raw = await new MailComposer({
    from: sender.from,
    // The name is the visitor's words: the confirmation request carries none of them.
    to: { name: confirming ? '' : inert(oneLine(draft.to.name ?? '')), address: to },
    replyTo: replyAddress(draft.conversationId, sender.domain, sender.secret),
    subject,
    messageId: messageIdHeader,
    date: new Date(now),
    inReplyTo: references.at(-1),
    references,
    text,
    html,
    headers: {
      // The mailto works only where the listener takes mail; one-click (RFC 8058) needs only the https one.
      'List-Unsubscribe': [`<${unsubscribeUrl}>`, ...(sender.repliesByEmail ? [`<mailto:${unsubscribeAddress(unsubscribe, sender.domain)}?subject=unsubscribe>`] : [])].join(', '),
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      // Tells vacation responders not to answer: their answer would land in the chat through Reply-To.
      'Auto-Submitted': 'auto-generated',
    },
  })
    .compile()
    .build();
  return {
    id: nanoid(),
    messageIdHeader,
    subject,
    raw: raw.toString('utf8'),
    continueTokenHash: hashToken(continueToken),
    continueExpiresAt: now + CONTINUE_LINK_MS,
  };
}
