import { readdirSync } from 'node:fs';
import { WIDGET_LANGUAGES, type Message, type WidgetLanguage } from '@parley/protocol';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { dir, lang, plural, t, watchLanguage } from '../src/i18n.ts';
import { clock, dayLabel } from '../src/panel/when.ts';
import { fetchStrings } from '../src/language.ts';
import { pickLanguage } from '../src/launcher-strings.ts';
import { connected } from '../src/store.ts';
import { siteIn } from './site-config.ts';
import en from '../src/strings/en.ts';
import { systemText } from '../src/system-messages.ts';

describe('pickLanguage', () => {
  test.each([
    [['de-AT', 'en'], 'de'],
    [['de-DE'], 'de'],
    [['pt-BR'], 'pt'],
    [['es-419'], 'es'],
    [['zh'], 'zh-CN'],
    [['zh-Hans'], 'zh-CN'],
    [['zh-CN'], 'zh-CN'],
    [['zh-SG'], 'zh-CN'],
    [['zh-Hans-HK'], 'zh-CN'],
    [['AR-eg'], 'ar'],
    [['ja-JP'], 'ja'],
    [['nl-BE'], 'nl'],
    // Traditional Chinese is not shipped: simplified reads better to its readers than English.
    [['zh-TW', 'fr'], 'zh-CN'],
    [['zh-Hant'], 'zh-CN'],
    [['sv-SE', 'it-IT'], 'it'],
    [['sv-SE'], 'en'],
    [[], 'en'],
  ] as const)('%j → %s', (preferred, expected) => {
    expect(pickLanguage('auto', preferred)).toBe(expected);
  });

  test("the site's forced language wins over the browser's", () => {
    expect(pickLanguage('fr', ['de-DE'])).toBe('fr');
    expect(pickLanguage(undefined, ['de-DE'])).toBe('de');
  });
});

describe('the language files', () => {
  const params = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

  test('there is one per language the widget ships, and no other', () => {
    const files = readdirSync(new URL('../src/strings', import.meta.url)).map((f) => f.replace(/\.ts$/, ''));
    expect(files.sort()).toEqual([...WIDGET_LANGUAGES].sort());
  });

  test.each(WIDGET_LANGUAGES.filter((l) => l !== 'en'))("%s has exactly en's keys, each with en's {params}, none left in English", async (language) => {
    const strings = await fetchStrings(language);
    expect(Object.keys(strings).sort()).toEqual(Object.keys(en).sort());
    for (const [key, text] of Object.entries(en)) {
      expect(params(strings[key as keyof typeof en]), `${language}.${key}`).toEqual(params(text));
      expect(strings[key as keyof typeof en].trim(), `${language}.${key}`).not.toBe('');
    }
    // Short words like "Chat" or "Support" may stay; a sentence left in English is a missed translation.
    const untranslated = Object.entries(en).filter(([key, text]) => text.includes(' ') && strings[key as keyof typeof en] === text);
    expect(untranslated).toEqual([]);
  });
});

const event = (fields: Partial<Message>): Message => ({
  id: 'm1',
  conversationId: 'c1',
  seq: 1,
  clientId: null,
  author: 'system',
  authorName: 'Anna',
  event: 'joined',
  subjectName: null,
  params: null,
  text: '',
  at: 0,
  email: null,
  ...fields,
});

async function showIn(language: WidgetLanguage | 'auto') {
  siteIn(language);
  await vi.waitUntil(() => lang.value === language);
}

describe('the widget in a language', () => {
  beforeAll(async () => {
    vi.stubGlobal('navigator', { languages: ['de-AT', 'en'], language: 'de-AT' });
    connected.value = true;
    await watchLanguage();
  });
  afterAll(() => {
    siteIn('auto');
    vi.unstubAllGlobals();
  });

  test("follows the browser's language until the site forces one, live", async () => {
    expect(lang.value).toBe('de');
    expect(t('send')).toBe('Senden');
    await showIn('ar');
    expect([t('send'), dir.value]).toEqual(['إرسال', 'rtl']);
    // A Latin name in an Arabic sentence is isolated, so the sentence keeps its order.
    expect(t('typing', { name: 'Ann' })).toBe('\u2068Ann\u2069 يكتب…');
    await showIn('en');
    expect([t('send'), dir.value]).toEqual(['Send', 'ltr']);
    siteIn('auto');
    await vi.waitUntil(() => lang.value === 'de');
  });

  test('renders system message codes in German and in English, with the agent as a parameter', async () => {
    await showIn('de');
    expect(systemText(event({ event: 'joined' }), null)).toBe('Anna ist dem Chat beigetreten');
    expect(systemText(event({ event: 'closed' }), null)).toBe('Anna hat das Gespräch beendet');
    expect(systemText(event({ event: 'closed', authorName: null }), null)).toBe('Jemand aus dem Team hat das Gespräch beendet');
    expect(systemText(event({ event: 'autoReply', authorName: null, params: { text: null } }), null)).toMatch(/^Danke für Ihre Nachricht!.*E-Mail-Adresse/);
    expect(systemText(event({ event: 'autoReply', authorName: null, params: { text: null } }), 'kim@example.com')).toMatch(/an kim@example\.com\.$/);
    // The owner's own words are theirs: as written, in every language.
    expect(systemText(event({ event: 'autoReply', authorName: null, params: { text: 'Back Monday!' } }), null)).toBe('Back Monday!');
    await showIn('en');
    expect(systemText(event({ event: 'joined' }), null)).toBe('Anna joined');
    expect(systemText(event({ event: 'closed' }), null)).toBe('Conversation closed by Anna');
    expect(systemText(event({ event: 'autoReply', authorName: null, params: { text: null } }), 'kim@example.com')).toBe("Thanks for your message! We're away right now. We'll answer by email at kim@example.com.");
  });

  test('counts, times and days through Intl in the language shown', async () => {
    await showIn('de');
    expect(plural(1, 'slowDownOne', 'slowDownMany', { seconds: 3 })).toContain('diese Nachricht in 3 s');
    expect(plural(2, 'slowDownOne', 'slowDownMany', { seconds: 3 })).toContain('diese Nachrichten in 3 s');
    const at = new Date(2026, 11, 1, 14, 5).getTime();
    expect(clock(at, lang.value)).toBe('14:05');
    expect(dayLabel(at, at + 3_600_000, lang.value)).toBe('Heute');
    expect(dayLabel(at, at + 86_400_000, lang.value)).toBe('Gestern');
    expect(dayLabel(new Date(2026, 5, 9, 12).getTime(), at, lang.value)).toBe('Dienstag, 9. Juni');
    expect(dayLabel(new Date(2025, 5, 9, 12).getTime(), at, lang.value)).toBe('Montag, 9. Juni 2025');
    await showIn('en');
    expect(clock(at, lang.value)).toMatch(/^02:05\sPM$/);
    expect(dayLabel(new Date(2026, 10, 28, 12).getTime(), at, lang.value)).toBe('Saturday, November 28');
    await showIn('ja');
    expect(dayLabel(new Date(2026, 5, 9, 12).getTime(), at, lang.value)).toBe('6月9日火曜日');
  });
});
