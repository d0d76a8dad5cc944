/** The file settings as `site set` reads them, and sizes as both ends show them. */
import { describe, expect, it } from 'vitest';
import { humanSize, parseSiteSettings, readSetting, uploadKinds } from '../src/index.ts';

describe('file settings', () => {
  it('defaults to 10 MiB, no scriptable type, 60 files an hour', () => {
    const settings = parseSiteSettings({});
    expect(settings.uploadMaxBytes).toBe(10 * 1024 * 1024);
    expect(uploadKinds(settings.uploadTypes).filter((k) => ['svg', 'html', 'xml'].includes(k))).toEqual([]);
    expect(settings.uploadsPerHour).toBe(60);
  });

  it('reads uploadTypes case-blind, jpeg as jpg, and refuses a kind it does not know', () => {
    expect(readSetting('uploadTypes=PNG, jpeg ,pdf')).toEqual({ ok: true, name: 'uploadTypes', value: 'png,jpg,pdf' });
    expect(readSetting('uploadTypes=png,exe')).toMatchObject({ ok: false, message: expect.stringMatching(/^uploadTypes: uploadTypes lists some of/) });
    expect(readSetting('uploadTypes=')).toEqual({ ok: true, name: 'uploadTypes', value: '' });
    expect(readSetting(`uploadMaxBytes=${101 * 1024 * 1024}`)).toMatchObject({ ok: false });
  });

  it('shows sizes in decimal units', () => {
    expect([1, 999, 1000, 20_480, 2_400_000, 10 * 1024 * 1024, 3e9].map(humanSize)).toEqual(['1 byte', '999 bytes', '1.0 KB', '20 KB', '2.4 MB', '10 MB', '3.0 GB']);
  });
});
