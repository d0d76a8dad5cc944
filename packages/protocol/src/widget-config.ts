/**
 * What a site's widget shows and how it looks: the public part of the site settings, sent in the
 * welcome and again, as a `config` frame, whenever an admin changes it.
 */
import type { SiteSettings } from './site-settings.ts';

/** The languages the widget ships, as BCP 47 tags; the first is the fallback. */
export const WIDGET_LANGUAGES = ['en', 'de', 'fr', 'es', 'pt', 'it', 'nl', 'zh-CN', 'ja', 'ar'] as const;
export type WidgetLanguage = (typeof WIDGET_LANGUAGES)[number];

export const LAUNCHER_ICONS = ['bubble', 'question', 'none'] as const;
export type LauncherIcon = (typeof LAUNCHER_ICONS)[number];
export const WIDGET_POSITIONS = ['right', 'left'] as const;
export type WidgetPosition = (typeof WIDGET_POSITIONS)[number];

export const DEFAULT_BRAND_COLOR = '#2456e8';
/** The most agents the widget's header shows. */
export const MAX_WIDGET_AGENTS = 3;

/** An agent as the widget's header shows them: initials when there is no avatar. */
export interface WidgetAgent {
  name: string;
  avatarUrl: string | null;
}

export interface WidgetConfig {
  /** The header's title: the site's teamName, else its name. */
  title: string;
  /** The welcome message at the top of a new conversation; '': the widget's own, in the visitor's language. */
  greeting: string;
  /** Shown above the offline form; '': the widget's own. */
  awayMessage: string;
  /** #rrggbb; the text on it is black or white, whichever passes WCAG AA (`textOn`). */
  brandColor: string;
  position: WidgetPosition;
  /** Pixels from the chosen side and from the bottom. */
  offsetX: number;
  offsetY: number;
  launcherIcon: LauncherIcon;
  /** Text beside the launcher's icon; '': the icon alone. */
  launcherLabel: string;
  /** 'auto': the visitor's browser language, else this one for everyone. */
  language: WidgetLanguage | 'auto';
  /** A short sound when an agent's message arrives while the panel is closed. */
  sound: boolean;
  /** The agents who answer this site and are available now, at most a few. */
  agents: WidgetAgent[];
}

export function widgetConfig(siteName: string, settings: SiteSettings, agents: WidgetAgent[]): WidgetConfig {
  const s = settings;
  return {
    title: s.teamName || siteName,
    greeting: s.greeting,
    awayMessage: s.awayMessage,
    brandColor: s.brandColor,
    position: s.position as WidgetPosition,
    offsetX: s.offsetX,
    offsetY: s.offsetY,
    launcherIcon: s.launcherIcon as LauncherIcon,
    launcherLabel: s.launcherLabel,
    language: s.language as WidgetLanguage | 'auto',
    sound: s.sound,
    agents,
  };
}

/** WCAG relative luminance of a #rrggbb colour. */
function luminance(hex: string): number {
  const channel = (i: number) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

/** Black or white text on `hex`, whichever contrasts more: one of them always reaches 4.5:1 (AA) against any colour. */
export function textOn(hex: string): '#000000' | '#ffffff' {
  const l = luminance(hex);
  return (l + 0.05) / 0.05 > 1.05 / (l + 0.05) ? '#000000' : '#ffffff';
}
