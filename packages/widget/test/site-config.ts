/** Tests set a site's language the way the server does: through the config the loader holds. */
import { parseSiteSettings, widgetConfig, type WidgetLanguage } from '@parley/protocol';
import { config } from '../src/store.ts';

export function siteIn(language: WidgetLanguage | 'auto') {
  config.value = widgetConfig('Mugs', { ...parseSiteSettings({}), language }, []);
}
