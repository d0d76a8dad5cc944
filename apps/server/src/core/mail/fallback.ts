/**
 * When to email: every tick, agent replies the visitor has neither seen nor been emailed, the
 * oldest older than the site's emailDelay, to a visitor who is offline and has an address that
 * takes mail, become one email, queued in one transaction with the decision.
 */
import type { Deps } from '../deps.ts';
import { siteSettings } from '@parley/protocol';
import { CONTEXT_SIZE, composeFallback, type Sender, UnusableAddressError } from './compose.ts';
import { stopMailTo } from './unsubscribe.ts';

export function createFallbackScheduler(deps: Pick<Deps, 'store' | 'hub' | 'chat' | 'config'>, sender: Sender, onQueued: () => void) {
  const { store, hub } = deps;
  const online = (visitorId: string) => hub.visitorConnections(visitorId) > 0;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | null = null;

  const queue = async (conversationId: string, visitorId: string, now: number) => {
    const draft = await store.fallbackDraft(conversationId, CONTEXT_SIZE);
    if (!draft) return false;
    const email = await composeFallback(draft, sender, now).catch(async (error: unknown) => {
      if (!(error instanceof UnusableAddressError)) throw error;
      // An address no envelope can hold never takes mail: treated as bounced, so it is not tried each tick.
      await stopMailTo(deps, visitorId, 'bounced');
      return null;
    });
    // Building took a moment: the visitor may be back. From this check on, nothing awaits until the commit.
    if (!email || online(visitorId)) return false;
    const change = await store.queueFallback(draft, email, now);
    if (change) hub.toAgents({ t: 'email', ...change });
    return change !== null;
  };

  const tick = async () => {
    const now = Date.now();
    let queued = false;
    for (const candidate of await store.fallbackCandidates()) {
      const delayMs = siteSettings(candidate.siteSettings).emailDelay * 1000;
      if (candidate.oldestUnseenAt + delayMs > now || online(candidate.visitorId)) continue;
      try {
        queued = (await queue(candidate.conversationId, candidate.visitorId, now)) || queued;
      } catch (error) {
        console.error(`Email fallback: conversation ${candidate.conversationId} was not emailed this round:`, error);
      }
    }
    if (queued) onQueued();
  };

  const run = () => {
    running ??= tick()
      .catch((error: unknown) => console.error('Email fallback: this round failed:', error))
      .finally(() => (running = null));
  };

  return {
    start() {
      timer = setInterval(run, deps.config.mailTickMs);
      timer.unref();
      run();
    },
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
