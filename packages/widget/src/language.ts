/**
 * Where the widget's words come from: each language is its own chunk, so a visitor downloads exactly
 * one. Which language is the loader's `pickLanguage` (launcher-strings.ts), the same for the launcher and the panel.
 */
import type { WidgetLanguage } from '@parley/protocol';
import type { Strings } from './strings/en.ts';

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
