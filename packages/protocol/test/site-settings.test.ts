/** Site settings are one schema: the stored values parse with their defaults, and the README's table is that schema. */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseSiteSettings, readSetting, readSiteChanges, settingText, SITE_SETTINGS } from '../src/index.ts';

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

  it('reads a whole change, names every problem by its field, and takes none of it when one is wrong', () => {
    expect(readSiteChanges([['name', ' Mugs '], ['origins', 'https://mugs.example/shop, https://www.mugs.example https://mugs.example'], ['chat', 'off'], ['brandColor', '#AA0000']])).toEqual({
      ok: true,
      change: { name: 'Mugs', origins: ['https://mugs.example', 'https://www.mugs.example'], settings: { chat: false, brandColor: '#aa0000' } },
    });
    expect(readSiteChanges([['greeting', 'Hi'], ['brandColor', 'red'], ['emailDelay', 'soon'], ['name', '  '], ['origins', 'ftp://x'], ['__proto__', '1']])).toEqual({
      ok: false,
      problems: {
        brandColor: 'brandColor: a colour such as #2456e8',
        emailDelay: 'emailDelay: a duration is a whole number of seconds',
        name: 'name: a site needs a name',
        origins: 'origins: "ftp://x" is not a site address such as https://shop.example.',
        _: expect.stringMatching(/^"__proto__=1" is not NAME=VALUE with NAME one of: chat, /),
      },
    });
    expect(readSiteChanges([['origins', ' , ']])).toMatchObject({ ok: false, problems: { origins: expect.stringContaining('at least one') } });
  });

  it('writes each value back as site set reads it', () => {
    for (const [name, setting] of Object.entries(SITE_SETTINGS)) {
      expect(readSetting(`${name}=${settingText(setting.default)}`), name).toEqual({ ok: true, name, value: setting.default });
    }
  });

  it('is the table the README shows, each setting with its default', () => {
    for (const [name, setting] of Object.entries(SITE_SETTINGS)) {
      expect(README, `README row for ${name}`).toContain(`| \`${name}\` | ${shown(setting.default)} |`);
    }
  });
});
