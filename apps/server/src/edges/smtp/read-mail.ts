/** Reads one incoming message off the SMTP data stream: its id, whether a robot sent it, and its text. */
import { createHash } from 'node:crypto';
import { Transform } from 'node:stream';
import { convert, type HtmlToTextOptions } from 'html-to-text';
import { type Headers, MailParser } from 'mailparser';
import type { SMTPServerDataStream } from 'smtp-server';

/** Bytes of the raw message given to the MIME parser; the rest is read and dropped. */
const MAX_PARSED_BYTES = 1024 * 1024;
/** HTML past this is not converted: the reply sits at the top, and the conversion runs synchronously. */
const MAX_HTML = 128 * 1024;

const HTML_TO_TEXT: HtmlToTextOptions = {
  // A chat message wraps where the reader's window does, not at 80 columns.
  wordwrap: false,
  selectors: [
    { selector: 'img', format: 'skip' },
    // Quoted history is dropped anyway: a bare quote mark keeps its place for stripReply, unwalked.
    { selector: 'blockquote', format: 'blockString', options: { string: '>' } },
    { selector: 'a', options: { hideLinkHrefIfSameAsText: true } },
    ...['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].map((selector) => ({ selector, options: { uppercase: false } })),
  ],
};

export interface InboundMail {
  /** The Message-ID header, angle brackets included, when the sender set one. */
  messageId: string | null;
  /** Auto-replies, vacation notices, bulk mail (RFC 3834): nothing the visitor wrote. */
  automatic: boolean;
  /** The Date header (when the author's client wrote it), in epoch milliseconds; null when absent or unreadable. */
  date: number | null;
  /** SHA-256 of every byte received: the same for a byte-identical redelivery only. */
  digest: string;
  /** The plain-text body, or the HTML body turned into text when there is no plain one. */
  text: string;
}

/**
 * The mail on `stream`, resolved once the stream has been read to its end (so `stream.sizeExceeded`
 * is final by then). Only its first MAX_PARSED_BYTES are parsed: the reply is at the top, and
 * MIME decoding of a large text part runs in long synchronous steps.
 */
export function readMail(stream: SMTPServerDataStream): Promise<InboundMail> {
  return new Promise((resolve, reject) => {
    // Attachments are drained, never buffered; hashing and cid: rewriting would be wasted work.
    const parser = new MailParser({ skipHtmlToText: true, skipTextToHtml: true, skipImageLinks: true, checksumAlgo: false });
    const head = firstBytes(MAX_PARSED_BYTES);
    const hash = createHash('sha256');
    stream.on('data', (chunk: Buffer) => hash.update(chunk));
    let headers: Headers = new Map();
    let text = '';
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      outcome();
    };

    parser.on('headers', (parsed) => {
      headers = parsed;
    });
    parser.on('data', (part) => {
      if (part.type === 'attachment') {
        part.content.on('end', () => part.release?.());
        part.content.resume();
      } else {
        text = part.text?.trim() ? part.text : part.html ? convert(part.html.slice(0, MAX_HTML), HTML_TO_TEXT) : '';
      }
    });
    parser.on('error', (error) => {
      // The SMTP server answers only once the whole message has been read: drain it unparsed.
      stream.unpipe(head);
      stream.resume();
      settle(() => reject(error));
    });
    parser.once('end', () =>
      settle(() => resolve({ messageId: messageIdOf(headers), automatic: isAutomatic(headers), date: dateOf(headers), digest: hash.digest('base64url'), text })),
    );
    stream.once('error', (error) => settle(() => reject(error)));
    stream.pipe(head).pipe(parser);
  });
}

/** Passes the first `limit` bytes on and swallows the rest, so the source is still read to its end. */
function firstBytes(limit: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      const room = limit - seen;
      seen += chunk.length;
      callback(null, room > 0 ? chunk.subarray(0, room) : undefined);
    },
  });
}

function messageIdOf(headers: Headers): string | null {
  const value = headers.get('message-id');
  return typeof value === 'string' && value.trim() ? value.trim() : null;
}

function dateOf(headers: Headers): number | null {
  const value = headers.get('date');
  const time = value instanceof Date ? value.getTime() : NaN;
  return Number.isFinite(time) ? time : null;
}

function isAutomatic(headers: Headers): boolean {
  const header = (name: string) => {
    const value = headers.get(name);
    return typeof value === 'string' ? value.trim().toLowerCase() : '';
  };
  const submitted = header('auto-submitted');
  return (submitted !== '' && submitted !== 'no') || /^(bulk|junk|list|auto_reply)$/.test(header('precedence')) || headers.has('x-autoreply') || headers.has('x-autorespond');
}
