import { describe, expect, it } from 'vitest';
import { agentClientFrame, cleanText, httpUrl, loginBody, parse, setupBody, visitorClientFrame } from '../src/index.ts';

/** A right-to-left override, an isolate, NUL, ESC, a C1 control, DEL and a lone surrogate: nothing of it may be stored. */
const HOSTILE = '\u202E\u2067\u0000\u001B[31m\u0085\u007F\uD800';
const dirty = (text: string) => `${HOSTILE}${text}${HOSTILE}`;
/** What the lone surrogate becomes: the replacement character, as a UTF-8 decoder would make it. */
const CLEAN = '[31m\uFFFD';
const cleaned = (text: string) => `${CLEAN}${text}${CLEAN}`;

describe('cleanText', () => {
  it('strips controls and bidi overrides, keeps text, emoji, newlines and tabs in multi-line text', () => {
    expect(cleanText('a\u202Eb\u202Ac\u2066d\u2069e\u0000f\u009Bg', false)).toBe('abcdefg');
    expect(cleanText('line 1\r\nline 2\rline 3\n\tindented', true)).toBe('line 1\nline 2\nline 3\n\tindented');
    expect(cleanText('line 1\nline 2\ttab', false)).toBe('line 1 line 2 tab');
    expect(cleanText('😀 שלום \u200Fעולם\u200E café 日本', false)).toBe('😀 שלום \u200Fעולם\u200E café 日本');
  });

  it('replaces lone surrogates and keeps pairs', () => {
    expect(cleanText('a\uD800b\uDC00c\uD83D\uDE00', false)).toBe('a\uFFFDb\uFFFDc😀');
    expect(cleanText('\uDE00\uD83D', false)).toBe('\uFFFD\uFFFD');
  });
});

describe('every string a visitor or agent sends is cleaned before it is stored', () => {
  const cases: Array<[string, unknown, (value: any) => unknown, unknown]> = [
    ['visitor send text', { t: 'send', clientId: dirty('c1'), text: dirty('hello\nthere') }, (f) => [f.clientId, f.text], [cleaned('c1'), cleaned('hello\nthere')]],
    ['visitor identify', { t: 'identify', name: dirty('Ann'), phone: dirty('555'), userId: dirty('u1') }, (f) => [f.name, f.phone, f.userId], [cleaned('Ann'), cleaned('555'), cleaned('u1')]],
    ['visitor identify email', { t: 'identify', email: `\u202Eann@shop.example\u0000` }, (f) => f.email, 'ann@shop.example'],
    [
      'visitor hello',
      { t: 'hello', site: dirty('k'), token: dirty('t'), tz: dirty('Europe/Oslo'), lang: dirty('nb'), continue: dirty('c'), page: { url: 'https://shop.example/\u202Egpj.exe', title: dirty('Mugs'), referrer: 'https://ref.example/\u0000' } },
      (f) => [f.site, f.token, f.tz, f.lang, f.continue, f.page],
      [cleaned('k'), cleaned('t'), cleaned('Europe/Oslo'), cleaned('nb'), cleaned('c'), { url: 'https://shop.example/gpj.exe', title: cleaned('Mugs'), referrer: 'https://ref.example/' }],
    ],
    ['visitor page', { t: 'page', page: { url: '', title: dirty('T'), referrer: '' } }, (f) => f.page.title, cleaned('T')],
  ];
  for (const [name, frame, pick, expected] of cases) {
    it(name, () => {
      const parsed = parse(visitorClientFrame, frame);
      expect(parsed.ok && pick(parsed.value)).toEqual(expected);
    });
  }

  it('agent frames', () => {
    const agentFrame = (frame: unknown) => parse(agentClientFrame, frame) as { ok: boolean; value: any };
    const send = agentFrame({ t: 'send', conversationId: dirty('c'), clientId: dirty('x'), text: dirty('hi') });
    expect(send.ok && [send.value.conversationId, send.value.clientId, send.value.text]).toEqual([cleaned('c'), cleaned('x'), cleaned('hi')]);
    const start = agentFrame({ t: 'start', visitorId: dirty('v'), clientId: 'x', text: dirty('hi') });
    expect(start.ok && [start.value.visitorId, start.value.text]).toEqual([cleaned('v'), cleaned('hi')]);
    const edit = agentFrame({ t: 'visitor', visitorId: 'v', name: dirty('Ann'), phone: dirty('1'), email: '\u2066ann@shop.example\u2069' });
    expect(edit.ok && [edit.value.name, edit.value.phone, edit.value.email]).toEqual([cleaned('Ann'), cleaned('1'), 'ann@shop.example']);
  });

  it('HTTP bodies, but not passwords: they are hashed as typed, never shown', () => {
    const login = parse(loginBody, { email: '\u202Ea@b.co', password: '\u202Esecret\u0000' });
    expect(login.ok && login.value).toEqual({ email: 'a@b.co', password: '\u202Esecret\u0000' });
    const setup = parse(setupBody, { token: dirty('t'), email: 'a@b.co', name: dirty('Ann'), password: 'long enough' });
    expect(setup.ok && [setup.value.token, setup.value.name]).toEqual([cleaned('t'), cleaned('Ann')]);
  });

  it('a message of nothing but controls is empty', () => {
    expect(parse(visitorClientFrame, { t: 'send', clientId: 'c', text: '\u202E\u0000 \u2066' })).toEqual({ ok: false, message: 'text: A message cannot be empty.' });
  });
});

describe('page addresses', () => {
  it('httpUrl gives the address only for http(s)', () => {
    expect(httpUrl('https://shop.example/a?b#c')).toBe('https://shop.example/a?b#c');
    expect(httpUrl('  HTTP://Shop.Example/x ')).toBe('http://shop.example/x');
    for (const bad of ['javascript:alert(1)', 'JaVaScRiPt:alert(1)', ' \u0001javascript:alert(1)', '\tjava\nscript:alert(1)', 'data:text/html,<script>alert(1)</script>', 'vbscript:msgbox(1)', '//evil.example', '/relative', 'about:blank', 'file:///etc/passwd', 'not a url', '']) {
      expect(httpUrl(bad), bad).toBeNull();
    }
  });

  it('a page url or referrer that is not http(s) is refused at the edge', () => {
    for (const url of ['javascript:alert(1)', ' JAVASCRIPT:alert(1)', '\u0000javascript:alert(1)', 'data:text/html,x', 'vbscript:x', 'relative/path']) {
      const page = { t: 'page', page: { url, title: 't', referrer: '' } };
      expect(parse(visitorClientFrame, page).ok, url).toBe(false);
      expect(parse(visitorClientFrame, { t: 'page', page: { url: 'https://shop.example/', title: 't', referrer: url } }).ok, url).toBe(false);
      expect(parse(visitorClientFrame, { t: 'hello', site: 'k', page: page.page }).ok, url).toBe(false);
    }
    expect(parse(visitorClientFrame, { t: 'page', page: { url: 'https://shop.example/', title: 't', referrer: '' } }).ok).toBe(true);
  });
});

describe('one helper for every string field', () => {
  it('no schema reads a bare string but passwords (hashed as typed) and the stored settings (written only through their read schemas)', async () => {
    const { readdirSync, readFileSync } = await import('node:fs');
    const dir = new URL('../src/', import.meta.url);
    const bare = readdirSync(dir)
      .filter((file) => file !== 'text.ts')
      .flatMap((file) => readFileSync(new URL(file, dir), 'utf8').split('\n').filter((line) => line.includes('v.string()')).map((line) => `${file}: ${line.trim().slice(0, 30)}`));
    expect(bare).toEqual([
      'http.ts: const password = v.pipe(v.stri',
      'http.ts: const newPassword = v.pipe(v.s',
      'site-settings.ts: const wholeNumber = (max: numb',
      "site-settings.ts: const type = typeof setting.de",
    ]);
  });
});
