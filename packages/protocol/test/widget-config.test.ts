import { describe, expect, it } from 'vitest';
import { DEFAULT_BRAND_COLOR, parseSiteSettings, readSetting, textOn, widgetConfig } from '../src/index.ts';

const luminance = (hex: string) => {
  const c = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((x) => (x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4));
  const [r = 0, g = 0, b = 0] = c;
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
};
const contrast = (a: string, b: string) => {
  const [hi = 0, lo = 0] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
};

describe('widget config', () => {
  it('picks text on the brand colour that passes WCAG AA, for every colour', () => {
    expect(textOn('#ffffff')).toBe('#000000');
    expect(textOn('#000000')).toBe('#ffffff');
    expect(textOn(DEFAULT_BRAND_COLOR)).toBe('#ffffff');
    expect(textOn('#ffd400')).toBe('#000000');
    for (let i = 0; i < 4096; i++) {
      const hex = `#${((i * 2654435761) % 0xffffff).toString(16).padStart(6, '0')}`;
      expect(contrast(hex, textOn(hex)), hex).toBeGreaterThanOrEqual(4.5);
    }
  });

  it('is the public part of the settings, the title falling back to the site name', () => {
    const settings = parseSiteSettings({ greeting: 'Hej!', brandColor: '#112233' });
    const config = widgetConfig('Shop', settings, [{ name: 'Ann', avatarUrl: null }]);
    expect(config).toMatchObject({ title: 'Shop', greeting: 'Hej!', brandColor: '#112233', position: 'right', language: 'auto', sound: false });
    expect(widgetConfig('Shop', { ...settings, teamName: 'Support' }, []).title).toBe('Support');
  });

  it('reads appearance settings the way site set does, refusing what the widget cannot show', () => {
    expect(readSetting('brandColor=#AABBCC')).toEqual({ ok: true, name: 'brandColor', value: '#aabbcc' });
    expect(readSetting('brandColor=red')).toMatchObject({ ok: false, message: expect.stringContaining('#2456e8') });
    expect(readSetting('position=middle')).toMatchObject({ ok: false });
    expect(readSetting('language=zh-CN')).toMatchObject({ ok: true, value: 'zh-CN' });
    expect(readSetting('language=klingon')).toMatchObject({ ok: false });
    expect(readSetting('offsetX=401')).toMatchObject({ ok: false });
    expect(readSetting('sound=on')).toMatchObject({ ok: true, value: true });
  });
});
