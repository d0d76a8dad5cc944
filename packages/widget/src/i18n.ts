/**
 * The widget's words: one language's strings, read through `t`; the panel's `lang` and `dir` follow
 * them. Numbers and plurals come from the platform's Intl in the same language (times and days: panel/when.ts).
 */
import { RTL_LANGUAGES, type WidgetLanguage } from '@parley/protocol';
import { batch, effect, signal } from '@preact/signals-core';
import { browserLanguages, fetchStrings } from './language.ts';
import { pickLanguage } from './launcher-strings.ts';
import { connected, siteLanguage } from './state.ts';
import type { Strings } from './strings/en.ts';

export type StringKey = keyof Strings;
export const lang = signal<WidgetLanguage>('en');
export const dir = signal<'ltr' | 'rtl'>('ltr');
/** Null until the first language arrived: the panel renders only then (`watchLanguage`). */
const strings = signal<Strings | null>(null);

/**
 * The text for `key`, each `{param}` replaced; a parameter not given stays as written, so a gap shows.
 * In a right-to-left language each value is isolated (FSI…PDI), so a Latin name or an address
 * ending a sentence does not drag the sentence's punctuation to the wrong side.
 */
export function t(key: StringKey, params?: Record<string, string | number>): string {
  const text = strings.value?.[key] ?? '';
  const value = dir.value === 'rtl' ? (v: string | number) => `\u2068${v}\u2069` : String;
  return params ? text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? value(params[name]!) : whole)) : text;
}

/** `one` when the language says `count` is singular, else `other`: Intl knows each language's rule. */
export function plural(count: number, one: StringKey, other: StringKey, params?: Record<string, string | number>): string {
  return t(new Intl.PluralRules(lang.value).select(count) === 'one' ? one : other, { count: formatNumber(count), ...params });
}

export const formatNumber = (n: number): string => new Intl.NumberFormat(lang.value).format(n);

/** How long a panel loaded before the server's welcome waits for it; offline, the browser's language then. */
const WELCOME_WAIT_MS = 1000;

function welcomed(ms: number): Promise<void> {
  let dispose = () => {};
  return new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    dispose = effect(() => {
      if (!connected.value) return;
      clearTimeout(timer);
      resolve();
    });
  }).finally(() => dispose());
}

/**
 * Keeps the strings in the language the site forces or the browser prefers, also when the site
 * changes it live; resolves once the first language is there. The words change together with
 * `lang` and `dir`, so the dialog never says one language while marked as another.
 */
export async function watchLanguage(): Promise<void> {
  // The site's language comes with the welcome: a panel loaded before it (a quick hover, a continue
  // link) waits a moment for it rather than fetch the browser's language and then the site's.
  if (!connected.peek()) await welcomed(WELCOME_WAIT_MS);
  return new Promise((ready) => {
    let wanted: WidgetLanguage | undefined;
    effect(() => {
      const language = pickLanguage(siteLanguage.value, browserLanguages());
      if (language === wanted) return;
      wanted = language;
      // A chunk that did not load leaves English, so the panel still opens.
      const loading = fetchStrings(language).then((loaded) => ({ language, loaded }), () => fetchStrings('en').then((loaded) => ({ language: 'en' as const, loaded })));
      void loading.then(({ language: shown, loaded }) => {
        if (language !== wanted) return;
        batch(() => {
          strings.value = loaded;
          lang.value = shown;
          dir.value = RTL_LANGUAGES.includes(shown) ? 'rtl' : 'ltr';
        });
        ready();
      });
    });
  });
}
