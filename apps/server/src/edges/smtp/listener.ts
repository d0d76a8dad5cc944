/**
 * The built-in SMTP listener for reply-by-email (PARLEY_INBOUND_SMTP_PORT): takes mail only for
 * addresses this server signed: a reply address posts the reply into its conversation as the
 * visitor; an unsubscribe address (List-Unsubscribe's mailto) stops mail to that visitor.
 *
 * It is an MX-style receiver: no AUTH, because the signed address is the credential, and no TLS,
 * because it sits behind the operator's MTA or takes plain SMTP on a private port; exposed to the
 * internet, it belongs behind something that terminates STARTTLS.
 */
import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { cleanText, MAX_MESSAGE_LENGTH } from '@parley/protocol';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import type { Core } from '../../core/index.ts';
import { conversationOfReplyAddress } from '../../core/mail/reply-address.ts';
import { unsubscribeTokenOfAddress, visitorOfUnsubscribeToken } from '../../core/mail/unsubscribe.ts';
import { type InboundMail, readMail } from './read-mail.ts';
import { stripReply } from './strip-reply.ts';

const MAX_MAIL_BYTES = 10 * 1024 * 1024;
const CUT_NOTE = '…(cut)';
/** How long stop() lets a mail being received finish before its connection is dropped. */
const CLOSE_TIMEOUT_MS = 2000;

export interface InboundSmtp {
  /** The port it listens on: the one configured, or the one picked for port 0. */
  port: number;
  close(): Promise<void>;
}

/** An answer the SMTP client gets as is; the server adds the enhanced status code. */
class Refusal extends Error {
  constructor(
    readonly responseCode: number,
    message: string,
  ) {
    super(message);
  }
}

export async function startInboundSmtp(core: Core, options: { port: number; host: string; hostname: string }): Promise<InboundSmtp> {
  const { secret } = core.ctx;

  const checkRecipient = async (address: string) => {
    if (unsubscriberOf(address, secret)) return;
    const conversationId = conversationOfReplyAddress(address, secret);
    if (!conversationId || !(await core.hasConversation(conversationId))) throw new Refusal(550, `<${address}> is not a reply address of this server.`);
  };

  const receive = async (stream: SMTPServerDataStream, session: SMTPServerSession): Promise<string> => {
    const mail = await readMail(stream).catch(() => {
      throw new Refusal(550, 'The message could not be read as MIME.');
    });
    if (stream.sizeExceeded) throw new Refusal(552, `A message is at most ${MAX_MAIL_BYTES} bytes.`);
    // Bounces (null sender) and auto-replies are accepted and dropped: refusing them would only make more mail.
    const sender = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
    if (mail.automatic || sender === '') return 'OK: automatic mail ignored';
    const tokens = session.envelope.rcptTo.map((rcpt) => unsubscribeTokenOfAddress(rcpt.address)).filter((token): token is string => token !== null);
    for (const token of new Set(tokens)) await core.mail.unsubscribe(token);
    if (recipients(session, secret).size === 0) return 'OK: unsubscribed';
    // Mail is an edge like the sockets: the same cleaning as every frame's text.
    const text = fit(cleanText(stripReply(mail.text), true));
    if (!text) throw new Refusal(550, 'The reply is empty once the quoted history is removed: write it above the quoted text.');
    const clientId = clientIdOf(mail, sender);
    const outcomes = new Set<string>();
    for (const conversationId of recipients(session, secret)) outcomes.add(await core.replyByEmail({ conversationId, clientId, text }));
    if (outcomes.has('posted')) return 'OK: reply posted';
    // A redelivery is taken (refusing it would make the relay try again) but never reported as a new post.
    if (outcomes.has('duplicate')) return 'OK: already received; this copy is dropped';
    throw new Refusal(550, 'The conversation this reply address stood for no longer exists.');
  };

  const server = new SMTPServer({
    name: options.hostname,
    banner: 'Parley reply-by-email',
    size: MAX_MAIL_BYTES,
    rejectOversized: true,
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    disableReverseLookup: true,
    maxRecipients: 20,
    closeTimeout: CLOSE_TIMEOUT_MS,
    logger: false,
    onRcptTo(address, _session, callback) {
      checkRecipient(address.address).then(() => callback(), (error) => callback(answer(error)));
    },
    onData(stream, session, callback) {
      receive(stream, session).then((reply) => callback(null, reply), (error) => callback(answer(error)));
    },
  });
  // Connection-level failures (a client hanging up mid-mail) are reported here; without a listener they would crash the process.
  server.on('error', (error) => console.error(`Inbound SMTP: ${error.message}`));
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.server.off('error', reject);
      resolve();
    });
  });

  return {
    port: (server.server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A refusal goes to the client as is; anything else is our fault, logged, and worth a retry by the sender. */
function answer(error: unknown): Refusal {
  if (error instanceof Refusal) return error;
  console.error(error);
  return new Refusal(451, 'The reply could not be stored; try again later.');
}

/** The visitor an unsubscribe address stands for, when this server signed it. */
function unsubscriberOf(address: string, secret: string): string | null {
  const token = unsubscribeTokenOfAddress(address);
  return token ? visitorOfUnsubscribeToken(token, secret) : null;
}

/** The conversations the accepted recipients stand for (RCPT TO refused every other address). */
function recipients(session: SMTPServerSession, secret: string): Set<string> {
  const ids = session.envelope.rcptTo.map((rcpt) => conversationOfReplyAddress(rcpt.address, secret));
  return new Set(ids.filter((id): id is string => id !== null));
}

/**
 * The same mail delivered twice (a retry after a lost 250, a second MX) must be stored once, and
 * two messages the person wrote must be stored twice, even with the same words. The Message-ID
 * tells them apart. Without one, the Date header does: the author's client sets it once, when the
 * message is written, so every redelivery carries it unchanged (through any relay) while a second
 * message gets its own. With neither, only a byte-identical copy counts as the same mail. Hashed,
 * because a Message-ID can be longer than MAX_CLIENT_ID_LENGTH.
 */
function clientIdOf(mail: InboundMail, sender: string): string {
  const source = mail.messageId ?? (mail.date !== null ? `${sender}\n${mail.date}\n${mail.text}` : `raw:${mail.digest}`);
  return `email:${createHash('sha256').update(source).digest('base64url')}`;
}

/** A reply longer than a chat message is cut, not refused: the visitor could not fix it from their mail client. */
function fit(text: string): string {
  const trimmed = text.trim();
  if (trimmed.length <= MAX_MESSAGE_LENGTH) return trimmed;
  // Never keep half of a surrogate pair.
  const head = trimmed.slice(0, MAX_MESSAGE_LENGTH - CUT_NOTE.length).replace(/[\uD800-\uDBFF]$/, '');
  return `${head.trimEnd()}${CUT_NOTE}`;
}
