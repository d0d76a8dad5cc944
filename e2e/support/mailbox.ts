/** A real SMTP server on 127.0.0.1 that keeps what it receives, parsed, for tests to read. */
import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export class Mailbox {
  readonly mails: ParsedMail[] = [];

  private constructor(private readonly server: SMTPServer) {}

  static async start(): Promise<Mailbox> {
    let box: Mailbox;
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData(stream, _session, callback) {
        simpleParser(stream).then(
          (mail) => {
            box.mails.push(mail);
            callback();
          },
          (error: Error) => callback(error),
        );
      },
    });
    box = new Mailbox(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return box;
  }

  get url(): string {
    return `smtp://127.0.0.1:${(this.server.server.address() as AddressInfo).port}`;
  }

  /** Waits for a mail to `to` and returns it. */
  async receive(to: string, timeoutMs = 30_000): Promise<ParsedMail> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const mail = this.mails.find((m) => [m.to].flat().some((a) => a?.text.includes(to)));
      if (mail) return mail;
      if (Date.now() > deadline) throw new Error(`no mail to ${to} in ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  stop() {
    return new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
