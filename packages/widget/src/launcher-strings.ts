/**
 * The launcher's name in every language the widget ships: a few bytes each, so it speaks the
 * visitor's language before (and without) the panel's strings chunk. The loader's only words.
 */
import { WIDGET_LANGUAGES, type WidgetConfig, type WidgetLanguage } from '@parley/protocol';
import { config } from './store.ts';

const OPEN_CHAT: Record<WidgetLanguage, string> = {
  en: 'Open chat',
  de: 'Chat öffnen',
  fr: 'Ouvrir le chat',
  es: 'Abrir el chat',
  pt: 'Abrir o chat',
  it: 'Apri la chat',
  nl: 'Chat openen',
  'zh-CN': '打开聊天',
  ja: 'チャットを開く',
  ar: 'افتح الدردشة',
};

/**
 * The site's forced language, else the first of the browser's languages the widget ships, by the
 * language alone (`pt-BR` → `pt`, `zh-TW` → `zh-CN`: simplified beats falling back to English), else English.
 */
export function pickLanguage(forced: WidgetConfig['language'] | undefined, preferred: readonly string[]): WidgetLanguage {
  if (forced && forced !== 'auto') return forced;
  const base = (tag: string) => tag.split('-')[0]!.toLowerCase();
  for (const tag of preferred) {
    const found = WIDGET_LANGUAGES.find((lang) => base(lang) === base(tag));
    if (found) return found;
  }
  return 'en';
}

/** The visitor's language as the site's config and the browser say, picked again as the config changes. */
export const visitorLanguage = () => pickLanguage(config.value?.language, navigator.languages);

export const openChatLabel = () => OPEN_CHAT[visitorLanguage()];
