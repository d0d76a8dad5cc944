import { expect, test } from 'vitest';
import { pickLanguage } from '../src/launcher-strings.ts';

test("the site's forced language wins; else the first browser language shipped, by the language alone; else English", () => {
  expect(pickLanguage('ja', ['de-DE'])).toBe('ja');
  expect(pickLanguage('auto', ['sv-SE', 'pt-BR', 'de'])).toBe('pt');
  expect(pickLanguage('auto', ['zh-TW'])).toBe('zh-CN');
  expect(pickLanguage(undefined, ['AR'])).toBe('ar');
  expect(pickLanguage('auto', ['sv', 'fi'])).toBe('en');
  expect(pickLanguage(undefined, [])).toBe('en');
});
