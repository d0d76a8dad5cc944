/**
 * Settings → Sites, for admins: each site's settings, changed as `pnpm parley site set` changes
 * them; and the top bar's chat switch, which turns every site's chat on or off.
 */
import { computed, signal } from '@preact/signals';
import { type SiteAdminView, settingText, SITE_SETTINGS, type SiteSettingName } from '@parley/protocol';
import { changeSite, getSites, rotateSiteSecret } from '../api.ts';

export interface SitesState {
  items: SiteAdminView[] | null;
  /** The site the form shows. */
  chosen: string | null;
  loadError: string | null;
  saving: boolean;
  /** What the server refused, by field ('_': the form as a whole). */
  problems: Record<string, string>;
  /** When the last save went through: the form says "Saved" until the next edit. */
  savedAt: number | null;
}

const EMPTY: SitesState = { items: null, chosen: null, loadError: null, saving: false, problems: {}, savedAt: null };

export const sitesState = signal<SitesState>(EMPTY);

export const chosenSite = computed(() => {
  const { items, chosen } = sitesState.value;
  return items?.find((site) => site.key === chosen) ?? items?.[0] ?? null;
});

/** The form's text for each field, as `site set` would be given it. */
export function formValues(site: SiteAdminView): Record<string, string> {
  const values: Record<string, string> = { name: site.name, origins: site.origins.join('\n') };
  for (const name of Object.keys(SITE_SETTINGS) as SiteSettingName[]) values[name] = settingText(site.settings[name]);
  return values;
}

function replace(site: SiteAdminView): void {
  const items = sitesState.value.items?.map((s) => (s.key === site.key ? site : s)) ?? [site];
  sitesState.value = { ...sitesState.value, items };
}

export async function loadSites(): Promise<void> {
  const result = await getSites();
  sitesState.value = result.ok ? { ...sitesState.value, items: result.value.sites, loadError: null } : { ...sitesState.value, loadError: result.message };
}

export function chooseSite(key: string): void {
  sitesState.value = { ...sitesState.value, chosen: key, problems: {}, savedAt: null };
}

export function editedSite(): void {
  if (sitesState.value.savedAt !== null || Object.keys(sitesState.value.problems).length > 0) sitesState.value = { ...sitesState.value, savedAt: null };
}

/**
 * Sends what changed since the form was filled from `site` (what changed elsewhere meanwhile, such
 * as the top bar's switch, is left alone): the server takes all of it or none. The site as saved, or null.
 */
export async function saveSite(site: SiteAdminView, values: Record<string, string>): Promise<SiteAdminView | null> {
  const before = formValues(site);
  const changes = Object.fromEntries(Object.entries(values).filter(([name, value]) => value !== before[name]));
  const current = sitesState.value.items?.find((s) => s.key === site.key) ?? site;
  if (Object.keys(changes).length === 0) {
    sitesState.value = { ...sitesState.value, problems: {}, savedAt: Date.now() };
    return current;
  }
  sitesState.value = { ...sitesState.value, saving: true, problems: {}, savedAt: null };
  const result = await changeSite(site.key, changes);
  if (result.ok) replace(result.value.site);
  sitesState.value = {
    ...sitesState.value,
    saving: false,
    problems: result.ok ? {} : (result.fields ?? { _: result.message }),
    savedAt: result.ok ? Date.now() : null,
  };
  return result.ok ? result.value.site : null;
}

/** A new secret for the site; null once done, else why not. */
export async function newSecret(key: string): Promise<string | null> {
  const result = await rotateSiteSecret(key);
  if (!result.ok) return result.message;
  replace(result.value.site);
  return null;
}

/** On when every site's chat is on; null before the sites are known (or for agents who cannot change them). */
export const chatOn = computed(() => {
  const items = sitesState.value.items;
  return items && items.length > 0 ? items.every((site) => site.settings.chat) : null;
});

export const chatSwitch = signal<{ busy: boolean; error: string | null }>({ busy: false, error: null });

/**
 * The top bar's switch: one for all sites, because it answers "is the team taking chats now"
 * (lunch, a holiday, a short-staffed hour), which is the team's, not a page's; each site keeps
 * its own in Settings.
 */
export async function setChatEverywhere(on: boolean): Promise<void> {
  chatSwitch.value = { busy: true, error: null };
  const sites = (sitesState.value.items ?? []).filter((site) => site.settings.chat !== on);
  const results = await Promise.all(sites.map((site) => changeSite(site.key, { chat: on ? 'on' : 'off' })));
  let error: string | null = null;
  for (const result of results) {
    if (result.ok) replace(result.value.site);
    else error = result.message;
  }
  chatSwitch.value = { busy: false, error };
}
