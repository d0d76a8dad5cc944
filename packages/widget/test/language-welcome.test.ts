import { effect } from '@preact/signals-core';
import { expect, test, vi } from 'vitest';
import { lang, t, watchLanguage } from '../src/i18n.ts';
import { connected } from '../src/store.ts';
import { siteIn } from './site-config.ts';

test("a panel loaded before the welcome waits for the site's language, so the browser's is never fetched", async () => {
  vi.stubGlobal('navigator', { languages: ['de-DE'], language: 'de-DE' });
  const shown: string[] = [];
  effect(() => void shown.push(lang.value));
  const ready = watchLanguage();
  await new Promise((resolve) => setTimeout(resolve, 50));
  siteIn('fr');
  connected.value = true;
  await ready;
  expect(t('send')).toBe('Envoyer');
  // 'en' is the signal's start, before any strings: German never came in between.
  expect(shown).toEqual(['en', 'fr']);
  vi.unstubAllGlobals();
});
