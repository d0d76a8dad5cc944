import { describe, expect, test } from 'vitest';
import { countryFlag } from '../src/index.ts';

describe('countryFlag', () => {
  test('spells the code in regional indicator symbols', () => {
    expect(countryFlag('US')).toBe('🇺🇸');
    expect(countryFlag('de')).toBe('🇩🇪');
  });

  test('is empty for anything but two letters', () => {
    for (const code of [null, undefined, '', 'USA', 'U1', '🇺🇸']) expect(countryFlag(code)).toBe('');
  });
});
