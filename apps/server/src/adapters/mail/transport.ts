/**
 * Where built emails go: SMTP when SMTP_URL is set, else `.eml` files in `$PARLEY_DATA_DIR/outbox/`
 * (the embedded default). Both take the stored raw bytes as they are.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, open, rename } from 'node:fs/promises';
import { join } from 'node:path';
import type { Transporter } from 'nodemailer';
import type { Config, SmtpTimeouts } from '../../config.ts';
import type { MailTransport } from '../../ports/mail-transport.ts';

/** A disk that takes longer than this to write a small file is as good as gone. */
const FILE_SEND_MS = 30_000;
/** Commands one send waits on after the greeting: EHLO, MAIL FROM, RCPT TO, DATA and the message's end. */
const SMTP_EXCHANGES = 5;

/** The file an email goes to: named for its Message-ID, so writing it again replaces it. */
export function emlPath(dataDir: string, messageIdHeader: string): string {
  return join(dataDir, 'outbox', `${messageIdHeader.replace(/^<|>$/g, '').replace(/[^A-Za-z0-9._@-]/g, '_')}.eml`);
}

function fileTransport(dataDir: string): MailTransport {
  return {
    async send({ messageIdHeader, raw }) {
      const path = emlPath(dataDir, messageIdHeader);
      await mkdir(join(dataDir, 'outbox'), { recursive: true });
      // Written aside and renamed: a reader (or a crash) never sees half a file.
      const temp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
      const file = await open(temp, 'w');
      try {
        await file.writeFile(raw);
        await file.sync();
      } finally {
        await file.close();
      }
      await rename(temp, path);
    },
    maxSendMs: FILE_SEND_MS,
    fileOf(messageIdHeader) {
      const path = emlPath(dataDir, messageIdHeader);
      return existsSync(path) ? path : null;
    },
    close() {},
  };
}

function smtpTransport(url: string, timeouts: SmtpTimeouts): MailTransport {
  // nodemailer is loaded with the first email, not with the server.
  let transporter: Promise<Transporter> | null = null;
  const connect = () =>
    (transporter ??= import('nodemailer').then(({ default: nodemailer }) =>
      nodemailer.createTransport({ url, connectionTimeout: timeouts.connectionMs, greetingTimeout: timeouts.greetingMs, socketTimeout: timeouts.socketMs }),
    ));
  return {
    async send({ from, to, raw }) {
      await (await connect()).sendMail({ envelope: { from, to: [to] }, raw });
    },
    maxSendMs: timeouts.connectionMs + timeouts.greetingMs + SMTP_EXCHANGES * timeouts.socketMs,
    fileOf: () => null,
    close() {
      void transporter?.then((t) => t.close());
    },
  };
}

export function createMailTransport(config: Pick<Config, 'smtpUrl' | 'dataDir' | 'smtpTimeouts'>): MailTransport {
  return config.smtpUrl ? smtpTransport(config.smtpUrl, config.smtpTimeouts) : fileTransport(config.dataDir);
}
