/** The widget's words: one language's strings, read through `t`; the panel's `lang` and `dir` follow them. */
import type { WidgetLanguage } from '@parley/protocol';
import { signal } from '@preact/signals-core';
import { en, type Strings } from './strings/en.ts';

export type StringKey = keyof Strings;
export const lang = signal<WidgetLanguage>('en');
export const dir = signal<'ltr' | 'rtl'>('ltr');
const strings = signal<Strings>(en);

/** The text for `key`, each `{param}` replaced; a parameter not given stays as written, so a gap shows. */
export function t(key: StringKey, params?: Record<string, string | number>): string {
  const text = strings.value[key];
  return params ? text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole)) : text;
}
