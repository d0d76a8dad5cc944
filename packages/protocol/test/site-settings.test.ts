/** Site settings are one schema: the stored values parse with their defaults, and the README's table is that schema. */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseSiteSettings, readSetting, SITE_SETTINGS } from '../src/index.ts';

const README = readFileSync(resolve(dirname(fileURLToPath(import.meta.url)), '../../../README.md'), 'utf8');

/** How the README writes a default: booleans as on/off, an empty string as "empty". */
const shown = (value: unknown) => (typeof value === 'boolean' ? `\`${value ? 'on' : 'off'}\`` : value === '' ? 'empty' : `\`${value}\``);

describe('site settings', () => {
  it('fills defaults and reads a stored value of the wrong type as its default', () => {
    expect(parseSiteSettings({})).toEqual(Object.fromEntries(Object.entries(SITE_SETTINGS).map(([name, s]) => [name, s.default])));
    expect(parseSiteSettings({ emailDelay: 'soon', chat: false, stray: 1 })).toMatchObject({ emailDelay: 120, chat: false });
    expect(parseSiteSettings(null).timezone).toBe('UTC');
  });

  it('reads NAME=VALUE, and refuses names that are not settings, even ones every object has', () => {
    expect(readSetting('emailDelay=30')).toEqual({ ok: true, name: 'emailDelay', value: 30 });
    expect(readSetting('chat=off')).toEqual({ ok: true, name: 'chat', value: false });
    for (const bad of ['toString=1', '__proto__=1', 'constructor=x', 'nope=1', '=1']) expect(readSetting(bad).ok).toBe(false);
  });

  it('is the table the README shows, each setting with its default', () => {
    for (const [name, setting] of Object.entries(SITE_SETTINGS)) {
      expect(README, `README row for ${name}`).toContain(`| \`${name}\` | ${shown(setting.default)} |`);
    }
  });
});
