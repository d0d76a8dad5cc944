/** Closes conversations that stayed silent past their site's autoCloseAfter, and tells the consoles. */
import type { Chat } from './chat.ts';
import { siteSettings } from '@parley/protocol';
import type { Store } from '../ports/store.ts';

const SWEEP_MS = 60_000;

export function startAutoClose(store: Store, chat: Chat, sweepMs = SWEEP_MS) {
  const sweep = async () => {
    const now = Date.now();
    for (const site of await store.listSites()) {
      const { autoCloseAfter } = siteSettings(site.settings);
      if (autoCloseAfter === 0) continue;
      for (const id of await store.silentConversations(site.id, now - autoCloseAfter * 1000)) {
        await store.closeConversation(id, now);
        await chat.publishConversation(id);
      }
    }
  };
  const timer = setInterval(() => sweep().catch((error) => console.error(error)), sweepMs);
  timer.unref();
  return { sweep, stop: () => clearInterval(timer) };
}
