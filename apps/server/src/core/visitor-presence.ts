/**
 * Who is on the site now, since when, and from where. Online means at least one tab holds a live
 * socket; activity (not heartbeats) moves "last active"; location is looked up off the message path.
 */
import type { PageInfo, VisitorProfile } from '@parley/protocol';
import type { Chat } from './chat.ts';
import type { GeoIp } from '../ports/geo.ts';
import type { Hub } from '../ports/hub.ts';
import { siteSettings } from '@parley/protocol';
import type { Site, Store } from '../ports/store.ts';
import type { Tasks } from './tasks.ts';

/** Activity is written at most this often per visitor: enough for "2 min ago", cheap for busy tabs. */
const ACTIVITY_WRITE_MS = 15_000;

export interface Arrival {
  /** False for a reconnect of a tab that was already here: that is not a page view. */
  pageView: boolean;
  page: PageInfo | null;
  userAgent: string | null;
  language: string | null;
  timeZone: string | null;
  ip: string | null;
}

export type VisitorPresence = ReturnType<typeof createVisitorPresence>;

export function createVisitorPresence(store: Store, hub: Hub, chat: Chat, geo: GeoIp, tasks: Tasks) {
  const lastWrite = new Map<string, number>();

  /** Tells agents about the visitor, and refreshes their conversation's list entry (its Online marker). */
  const publish = async (visitorId: string) => {
    const profile = await store.visitorProfile(visitorId);
    if (!profile) return;
    hub.toAgents({ t: 'visitor', item: chat.present(profile) });
    const conversation = await store.conversationOfVisitor(visitorId);
    if (conversation) await chat.publishConversation(conversation.id);
  };

  const locate = async (site: Site, visitorId: string, ip: string | null) => {
    const location = ip ? await geo.lookup(ip) : null;
    const before = await store.visitorProfile(visitorId);
    // Most arrivals come from where the visitor was last time: nothing to write or tell.
    if (before && JSON.stringify(before.location) === JSON.stringify(location)) return;
    await store.setLocation(visitorId, location, siteSettings(site.settings).storeIp ? ip : null);
    await publish(visitorId);
  };

  return {
    publish,

    async arrived(site: Site, visitorId: string, arrival: Arrival) {
      if (arrival.pageView) {
        await store.recordPageView(visitorId, { at: Date.now(), ...arrival });
        lastWrite.set(visitorId, Date.now());
      }
      await publish(visitorId);
      // The lookup may read the database file first: never let it hold up the welcome.
      tasks.track(locate(site, visitorId, arrival.ip).catch((error) => console.error(error)));
    },

    async left(visitorId: string) {
      if (hub.visitorConnections(visitorId) > 0) return;
      lastWrite.delete(visitorId);
      await publish(visitorId);
    },

    async active(visitorId: string) {
      const now = Date.now();
      if (now - (lastWrite.get(visitorId) ?? 0) < ACTIVITY_WRITE_MS) return;
      lastWrite.set(visitorId, now);
      await store.recordActivity(visitorId, now);
      await publish(visitorId);
    },

    async navigated(visitorId: string, page: PageInfo) {
      await store.recordPageView(visitorId, { at: Date.now(), page, userAgent: null, language: null, timeZone: null });
      lastWrite.set(visitorId, Date.now());
      await publish(visitorId);
    },

    async online(): Promise<VisitorProfile[]> {
      return (await store.visitorProfiles(hub.onlineVisitorIds())).map(chat.present);
    },
  };
}
