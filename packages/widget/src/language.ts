/**
 * Which of the widget's languages a visitor reads, and where its words come from: each language is
 * its own chunk, so a visitor downloads exactly one. Free of the panel, so the launcher's label can
 * pick its language the same way.
 */
import { WIDGET_LANGUAGES, type WidgetLanguage } from '@parley/protocol';
import type { Strings } from './strings/en.ts';

/** Chinese tags that mean simplified script; Hant, TW, HK and MO mean traditional, which we do not ship. */
const SIMPLIFIED = /^zh(-(hans|cn|sg|my)\b|$)/i;

/**
 * The site's forced language, else the first of the browser's languages the widget speaks: a tag
 * matches exactly or by its primary language (de-AT → de, pt-BR → pt), any simplified Chinese is
 * zh-CN, and English is the fallback.
 */
export function negotiate(forced: WidgetLanguage | 'auto' | undefined, preferred: readonly string[]): WidgetLanguage {
  if (forced && forced !== 'auto') return forced;
  for (const tag of preferred) {
    if (/^zh\b/i.test(tag)) {
      if (SIMPLIFIED.test(tag)) return 'zh-CN';
      continue;
    }
    const primary = tag.split('-')[0]!.toLowerCase();
    const known = WIDGET_LANGUAGES.find((l) => l.toLowerCase() === tag.toLowerCase() || l === primary);
    if (known) return known;
  }
  return 'en';
}

/** The visitor's browser languages, most preferred first. */
export const browserLanguages = (): readonly string[] => (navigator.languages?.length ? navigator.languages : [navigator.language ?? 'en']);

// A literal import each, so the bundler makes one chunk per language.
const CHUNKS: Record<WidgetLanguage, () => Promise<{ default: Strings }>> = {
  en: () => import('./strings/en.ts'),
  de: () => import('./strings/de.ts'),
  fr: () => import('./strings/fr.ts'),
  es: () => import('./strings/es.ts'),
  pt: () => import('./strings/pt.ts'),
  it: () => import('./strings/it.ts'),
  nl: () => import('./strings/nl.ts'),
  'zh-CN': () => import('./strings/zh-CN.ts'),
  ja: () => import('./strings/ja.ts'),
  ar: () => import('./strings/ar.ts'),
};

/** One language's strings; fetched once, as the module system keeps what it imported. */
export const fetchStrings = (language: WidgetLanguage): Promise<Strings> => CHUNKS[language]().then((module) => module.default);
