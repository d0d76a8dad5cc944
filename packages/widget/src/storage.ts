/** Per-site localStorage (`parley:<site>:<name>`); storage can throw (private mode, blocked cookies, quota), so every access is guarded. */
export interface SiteStorage {
  get(name: string): string | null;
  /** `null` removes the entry. */
  set(name: string, value: string | null): void;
  getJson<T>(name: string): T | null;
  setJson(name: string, value: unknown): void;
}

export function siteStorage(site: string): SiteStorage {
  const key = (name: string) => `parley:${site}:${name}`;
  const storage: SiteStorage = {
    get(name) {
      try {
        return localStorage.getItem(key(name));
      } catch {
        return null;
      }
    },
    set(name, value) {
      try {
        if (value === null) localStorage.removeItem(key(name));
        else localStorage.setItem(key(name), value);
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
