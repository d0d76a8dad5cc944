import { describe, expect, it } from 'vitest';
import { formatText } from '../src/index.ts';

const text = (text: string) => ({ t: 'text', text });
const link = (text: string, href = text) => ({ t: 'link', text, href });

describe('formatText', () => {
  it('links http, https and mailto and leaves trailing punctuation out', () => {
    expect(formatText('see https://example.com/a?b=1. or mailto:ann@example.com?subject=Hi!')).toEqual([
      text('see '),
      link('https://example.com/a?b=1'),
      text('. or '),
      link('mailto:ann@example.com?subject=Hi'),
      text('!'),
    ]);
    expect(formatText('HTTP://EXAMPLE.COM')).toEqual([link('HTTP://EXAMPLE.COM')]);
  });

  it('never links another scheme, a bad mailto or a link without a host', () => {
    for (const input of [
      'javascript:alert(1)',
      '[x](javascript:alert(1))',
      'data:text/html,<script>alert(1)</script>',
      'vbscript:msgbox',
      'mailto:',
      'mailto:javascript:alert(1)',
      'mailto:a@b.c,d@e.f',
      'mailto:@example.com',
      'mailto:ann@localhost',
      'https://',
      'file:///etc/passwd',
    ]) {
      expect(formatText(input).filter((token) => token.t === 'link'), input).toEqual([]);
    }
    expect(formatText('[x](javascript:alert(1))')).toEqual([text('[x](javascript:alert(1))')]);
    expect(formatText('[x](https://a.example)')).toEqual([text('[x]('), link('https://a.example'), text(')')]);
  });

  it('keeps line breaks as break tokens', () => {
    expect(formatText('one\ntwo\r\n\nthree')).toEqual([text('one'), { t: 'break' }, text('two'), { t: 'break' }, { t: 'break' }, text('three')]);
  });

  it('reads *bold*, _italic_ and `code`, and leaves markup inside them as text', () => {
    expect(formatText('a *big* _small_ `x<y`')).toEqual([
      text('a '),
      { t: 'strong', children: [text('big')] },
      text(' '),
      { t: 'em', children: [text('small')] },
      text(' '),
      { t: 'code', text: 'x<y' },
    ]);
    expect(formatText('*<img src=x onerror=alert(1)>*')).toEqual([{ t: 'strong', children: [text('<img src=x onerror=alert(1)>')] }]);
    expect(formatText('*see https://a.example*')).toEqual([{ t: 'strong', children: [text('see '), link('https://a.example')] }]);
    expect(formatText('`https://a.example`')).toEqual([{ t: 'code', text: 'https://a.example' }]);
  });

  it('leaves what only looks like emphasis alone', () => {
    for (const input of ['snake_case_name', '2*3*4', '* not bold *', '**', '_ _', 'a*b', '*open\nclose*']) {
      expect(formatText(input).some((token) => token.t !== 'text' && token.t !== 'break'), input).toBe(false);
    }
    expect(formatText('https://a.example/_x_/y')).toEqual([link('https://a.example/_x_/y')]);
  });

  it('gives no links when asked for none', () => {
    expect(formatText('*go* https://a.example', { links: false })).toEqual([{ t: 'strong', children: [text('go')] }, text(' https://a.example')]);
    expect(formatText('')).toEqual([]);
  });
});
