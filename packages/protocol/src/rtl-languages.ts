/**
 * The widget's languages written right to left: the panel's `dir`. A module of its own, so the
 * widget's loader (which needs the language list, not this) does not carry it before the chat opens.
 */
import type { WidgetLanguage } from './widget-config.ts';

export const RTL_LANGUAGES: readonly WidgetLanguage[] = ['ar'];
