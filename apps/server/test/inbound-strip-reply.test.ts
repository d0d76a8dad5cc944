import { describe, expect, it } from 'vitest';
import { stripReply } from '../src/edges/smtp/strip-reply.ts';

const ADDRESS = 'reply+c0nv3rs4t10n.s1gn4tur3AbCdEf@chat.example.com';

describe('stripReply on what mail clients send', () => {
  it('Gmail: attribution wrapped over two lines, quoted history with its own signature', () => {
    const mail = [
      'Yes, the blue one please.',
      '',
      'Thanks!',
      'Ada',
      '',
      `On Tue, 3 Jun 2025 at 14:02, Shop Support <`,
      `${ADDRESS}> wrote:`,
      '',
      '> Which colour would you like, blue or green?',
      '>',
      '> --',
      '> Shop Support',
      '',
    ].join('\n');
    expect(stripReply(mail)).toBe('Yes, the blue one please.\n\nThanks!\nAda');
  });

  it('Gmail: the sender\'s own "-- " signature goes too', () => {
    const mail = `Blue, size M.\n\n-- \nAda Lovelace\nAnalytical Engines Ltd\n+44 20 7946 0000\n\nOn Tue, 3 Jun 2025 at 14:02, Shop Support <${ADDRESS}> wrote:\n> Which colour?\n`;
    expect(stripReply(mail)).toBe('Blue, size M.');
  });

  it('Outlook (Windows): underscore rule and a From/Sent/To/Subject block above unquoted history', () => {
    const mail = [
      'Tomorrow morning works for me.',
      '',
      'Best,',
      'Bob',
      '',
      '________________________________',
      `From: Shop Support <${ADDRESS}>`,
      'Sent: Tuesday, June 3, 2025 2:02 PM',
      'To: Bob Builder <bob@example.com>',
      'Subject: Re: Your order #1042',
      '',
      'When can we deliver?',
      '',
    ].join('\r\n');
    expect(stripReply(mail)).toBe('Tomorrow morning works for me.\n\nBest,\nBob');
  });

  it('Outlook (older): -----Original Message-----', () => {
    const mail = `Please cancel it.\n\n-----Original Message-----\nFrom: Shop Support [mailto:${ADDRESS}]\nSent: Tuesday, June 03, 2025 2:02 PM\nTo: bob@example.com\nSubject: Your order\n\nShall we ship it?\n`;
    expect(stripReply(mail)).toBe('Please cancel it.');
  });

  it('Outlook for Mac and bold headers from HTML: From/Date block, "*From:*"', () => {
    const mac = `Thanks, received.\n\nFrom: Shop Support <${ADDRESS}>\nDate: Tuesday, 3 June 2025 at 14:02\nTo: Bob <bob@example.com>\nSubject: Re: Your order\n\nIt shipped today.`;
    expect(stripReply(mac)).toBe('Thanks, received.');
    const web = `Great!\n\n*From:* Shop Support <${ADDRESS}>\n*Sent:* Tuesday, June 3, 2025 2:02 PM\n*To:* Bob\n\nIt shipped today.`;
    expect(stripReply(web)).toBe('Great!');
    const german = `Danke!\n\nVon: Shop Support <${ADDRESS}>\nGesendet: Dienstag, 3. Juni 2025 14:02\nAn: Bob\nBetreff: Ihre Bestellung\n\nEs ist unterwegs.`;
    expect(stripReply(german)).toBe('Danke!');
  });

  it('Apple Mail on iPhone: "Sent from my iPhone", then an attribution inside the quote', () => {
    const mail = `Sure, Friday is fine 👍\n\nSent from my iPhone\n\n> On 3 Jun 2025, at 14:02, Shop Support <${ADDRESS}> wrote:\n> \n> \uFEFFCan we deliver on Friday?\n`;
    expect(stripReply(mail)).toBe('Sure, Friday is fine 👍');
  });

  it('Apple Mail on macOS: attribution outside the quote, blank line between', () => {
    const mail = `Got it, thank you.\n\n> On 3 Jun 2025, at 14:02, Shop Support <${ADDRESS}> wrote:\n> \n> Your refund is on its way.\n> \n`;
    expect(stripReply(mail)).toBe('Got it, thank you.');
    const unquoted = `Got it.\n\nOn 3 Jun 2025, at 14:02, Shop Support <${ADDRESS}> wrote:\n\nYour refund is on its way.\n`;
    expect(stripReply(unquoted)).toBe('Got it.');
  });

  it('other languages: French and German attributions, mobile signatures', () => {
    expect(stripReply(`Parfait, merci.\n\nEnvoyé de mon iPhone\n\nLe mar. 3 juin 2025 à 14:02, Shop Support <${ADDRESS}> a écrit :\n> Quelle couleur ?`)).toBe('Parfait, merci.');
    expect(stripReply(`Passt.\n\nAm 03.06.2025 um 14:02 schrieb Shop Support <${ADDRESS}>:\n> Welche Farbe?`)).toBe('Passt.');
    expect(stripReply('OK\n\nGet Outlook for iOS\n________________________________\nFrom: Shop\nSent: today 14:02\n\nhistory')).toBe('OK');
  });

  it('keeps a reply written below or between quotes, dropping the quotes', () => {
    const mail = [
      `On Tue, 3 Jun 2025 at 14:02, Shop Support <${ADDRESS}> wrote:`,
      '> Which colour?',
      '',
      'Blue.',
      '',
      '> And which size?',
      '',
      'M, please.',
    ].join('\n');
    expect(stripReply(mail)).toBe('Blue.\n\nM, please.');
  });

  it('is empty when the mail holds nothing but quoted history', () => {
    expect(stripReply(`\n\nOn Tue, 3 Jun 2025 at 14:02, Shop <${ADDRESS}> wrote:\n\n> Which colour?\n`)).toBe('');
    expect(stripReply('> just a quote\n>\n> more\n')).toBe('');
    expect(stripReply('')).toBe('');
  });

  it('keeps ordinary text that only looks like history or a signature', () => {
    const mail = [
      'On second thought I wrote: please send the green one.',
      'Here is my list:',
      '---',
      '1. green shirt',
      '2. socks',
      'Sent from Berlin on Monday, the parcel should arrive Friday.',
      'From: the warehouse in Leipzig, I think.',
      'Cheers,',
      'Ada',
    ].join('\n');
    expect(stripReply(mail)).toBe(mail);
  });

  it('collapses the blank lines left where quotes were, and trims trailing spaces', () => {
    expect(stripReply('first  \n> q\n\n\n> q\n\n\nsecond\t\n\n')).toBe('first\n\nsecond');
  });

  it('stays fast on a huge, hostile mail', () => {
    const hostile = `${'Am 1 schrieb schrieb schrieb schrieb schrieb schrieb schrieb schrieb schrieb schrieb x\n'.repeat(20_000)}`;
    const started = performance.now();
    stripReply(hostile);
    stripReply('x'.repeat(5_000_000));
    expect(performance.now() - started).toBeLessThan(500);
  });
});
