/** Per-site web storage (`parley:<site>:<name>`); storage can throw (private mode, blocked cookies, quota), so every access is guarded. */
export interface SiteStorage {
  get(name: string): string | null;
  /** `null` removes the entry. */
  set(name: string, value: string | null): void;
  getJson<T>(name: string): T | null;
  setJson(name: string, value: unknown): void;
}

/** `area` is read on each use: reading `localStorage` itself throws where cookies are blocked. */
export function siteStorage(site: string, area: () => Storage): SiteStorage {
  const key = (name: string) => `parley:${site}:${name}`;
  const storage: SiteStorage = {
    get(name) {
      try {
        return area().getItem(key(name));
      } catch {
        return null;
      }
    },
    set(name, value) {
      try {
        if (value === null) area().removeItem(key(name));
        else area().setItem(key(name), value);
      } catch {
        // Without storage the widget still works, it just forgets across reloads.
      }
    },
    getJson(name) {
      try {
        return JSON.parse(storage.get(name) ?? 'null');
      } catch {
        return null;
      }
    },
    setJson(name, value) {
      storage.set(name, value == null ? null : JSON.stringify(value));
    },
  };
  return storage;
}
