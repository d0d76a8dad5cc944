/**
 * Visitors: a widget's hello (who they are, across reloads, devices and email links), identify,
 * and presence: online while any tab holds a socket on any node; activity, not heartbeats, moves
 * "last active"; the location is looked up off the message path.
 */
import { NO_RECEIPTS, VISITOR_WRITE_MS, type IdentifyFields, type PageInfo } from '@parley/protocol';
import type { Agent, Site, Visitor } from '../ports/store.ts';
import { visibleVisitor } from './access.ts';
import { visitorMaySee } from './audience.ts';
import { onlineVisitorIds } from './conversation-list.ts';
import { hashToken, newToken, validIdentityHmac } from './auth/tokens.ts';
import { coalescer } from './coalesce.ts';
import { historyOf, olderOf } from './transcript-pages.ts';
import type { Context } from './context.ts';
import { recordDetails } from './customers.ts';
import { AppError } from './errors.ts';
import type { DomainEvent } from './events.ts';
import type { Sites } from './sites.ts';
import { createVisitorLimits } from './visitor-limits.ts';
import { messageView, profileView, receiptsView } from './views.ts';

/** Activity is written at most this often per visitor: enough for "2 min ago", cheap for busy tabs. */
const ACTIVITY_WRITE_MS = 15_000;

/** One widget tab, as the core knows it between frames. */
export interface VisitorTab {
  site: Site;
  visitor: Visitor;
  /** This socket, unique on this node. */
  connection: string;
}

export interface Hello {
  site: string;
  origin: string;
  token?: string;
  since?: number;
  continue?: string;
  page?: PageInfo;
  tz?: string;
  lang?: string;
  reconnect?: boolean;
  userAgent: string | null;
  ip: string | null;
  connection: string;
}

export type Visitors = ReturnType<typeof createVisitors>;

export function createVisitors(ctx: Context, sites: Sites) {
  const { store, presence, dispatch, clock, geo, tasks, node } = ctx;
  const lastWrite = new Map<string, number>();
  const limits = createVisitorLimits(ctx);

  const changed = (site: Site, visitorId: string) => dispatch.emit([{ type: 'visitor', visitorId, site }]);

  const locate = async (site: Site, visitorId: string, ip: string | null) => {
    const location = ip ? await geo.lookup(ip) : null;
    const before = await store.visitors.byId(visitorId);
    // Most arrivals come from where the visitor was last time: nothing to write or tell.
    if (before && JSON.stringify(before.location) === JSON.stringify(location)) return;
    await store.visitors.setLocation(visitorId, location, site.settings.storeIp ? ip : null);
    await changed(site, visitorId);
  };

  /** Moves this tab onto `next` and says what the widget lacks. */
  const attach = async (tab: VisitorTab | null, site: Site, next: Visitor, connection: string, token: string, since: number) => {
    if (tab && tab.visitor.id !== next.id) await leave(tab);
    if (!tab || tab.visitor.id !== next.id) await presence.connect({ kind: 'visitor', id: next.id, siteId: site.id, node, connection });
    const conversation = await store.conversations.ofVisitor(next.id);
    const history = conversation ? await historyOf(store, conversation, since) : { messages: [], older: false };
    return {
      tab: { site, visitor: next, connection },
      welcome: {
        t: 'welcome' as const,
        visitorId: next.id,
        token,
        conversationId: conversation?.id ?? null,
        messages: history.messages.filter(visitorMaySee).map(messageView),
        older: history.older,
        receipts: conversation ? receiptsView(conversation) : NO_RECEIPTS,
        email: next.email,
        ...(await sites.shown(site)),
      },
    };
  };

  const leave = async (tab: VisitorTab) => {
    const left = await presence.disconnect({ kind: 'visitor', id: tab.visitor.id, node, connection: tab.connection });
    if (left === 0) await wentOffline(tab.visitor.id, tab.site);
  };

  const wentOffline = async (visitorId: string, site: Site) => {
    lastWrite.delete(visitorId);
    await dispatch.emit([{ type: 'visitorLeft', visitorId, site }]);
  };

  /** A page change is written at most once per VISITOR_WRITE_MS a visitor; the last one of a burst is written at the window's end. */
  const pages = coalescer<{ tab: VisitorTab; page: PageInfo }>({
    windowMs: VISITOR_WRITE_MS,
    async deliver(visitorId, { tab, page }) {
      const at = clock.now();
      await store.visitors.recordPageView(visitorId, { at, page, userAgent: null, language: null, timeZone: null });
      lastWrite.set(visitorId, at);
      await changed(tab.site, visitorId);
    },
    track: (delivery) => void tasks.track(delivery.catch((error: unknown) => console.error(error))),
  });

  /** A browser joins a visitor it proved to be with a token of its own. */
  const tokenFor = async (site: Site, visitorId: string) => {
    const token = newToken();
    await store.visitors.addToken({ siteId: site.id, visitorId, tokenHash: hashToken(token) });
    return token;
  };

  return {
    /** Every tab of the visitor was on a node that died: gone, unless they came back elsewhere meanwhile. */
    async lost(visitorId: string) {
      const visitor = await store.visitors.byId(visitorId);
      const site = visitor && (await store.sites.byId(visitor.siteId));
      if (site && (await presence.count('visitor', visitorId)) === 0) await wentOffline(visitorId, site);
    },

    async hello(hello: Hello) {
      const site = await store.sites.byKey(hello.site);
      if (!site) throw new AppError('unknown_site', `No site has the key ${hello.site}.`);
      if (!site.origins.includes(hello.origin)) throw new AppError('origin_not_allowed', `This site's chat is not allowed on ${hello.origin || 'this page'}.`);
      // A continue link from an email brings this browser back to that visitor, once.
      const continued = hello.continue ? await store.mail.consumeContinueLink(hashToken(hello.continue), clock.now()) : null;
      const linked = continued ? await store.visitors.byId(continued.visitorId) : null;
      // A token from another site, or one we never issued, gets a fresh visitor: tokens never cross sites.
      const known = hello.token ? await store.visitors.byToken(site.id, hashToken(hello.token)) : null;
      let attached;
      if (linked?.siteId === site.id) {
        attached = await attach(null, site, linked, hello.connection, await tokenFor(site, linked.id), 0);
      } else if (known && hello.token) {
        attached = await attach(null, site, known, hello.connection, hello.token, hello.since ?? 0);
      } else {
        // Reconnects and other tabs bring the token: only a browser that has none is a new visitor.
        await limits.newVisitor(site, hello.ip);
        const token = newToken();
        attached = await attach(null, site, await store.visitors.create({ siteId: site.id, tokenHash: hashToken(token) }), hello.connection, token, 0);
      }
      const visitorId = attached.tab.visitor.id;
      if (!hello.reconnect) {
        const at = clock.now();
        await store.visitors.recordPageView(visitorId, { at, page: hello.page ?? null, userAgent: hello.userAgent, language: hello.lang ?? null, timeZone: hello.tz ?? null });
        lastWrite.set(visitorId, at);
      }
      await changed(site, visitorId);
      // The lookup may read the database file first: never let it hold up the welcome.
      tasks.track(locate(site, visitorId, hello.ip).catch((error) => console.error(error)));
      return attached;
    },

    /** Returns the tab (another visitor when a signed userId belongs to one) and, when it moved, the widget's new welcome. */
    async identify(tab: VisitorTab, fields: IdentifyFields) {
      const { hmac, userId, typed, ...contact } = fields;
      // Read again: an admin may have turned requireIdentity on since this tab said hello.
      const site = (await store.sites.byId(tab.site.id)) ?? tab.site;
      let target = tab.visitor;
      let moved = null;
      const typedEmail = typed === true && userId === undefined;
      if (site.settings.requireIdentity && !typedEmail && (userId === undefined || hmac === undefined) && (contact.email !== undefined || userId !== undefined)) {
        throw new AppError('bad_identity', 'This site takes an email or userId only with userId and hmac = HMAC-SHA256(userId, site secret) in hex.');
      }
      if (userId !== undefined || hmac !== undefined) {
        if (!userId || !hmac || !validIdentityHmac(userId, hmac, site.secret)) {
          throw new AppError('bad_identity', 'identify needs userId with hmac = HMAC-SHA256(userId, site secret) in hex.');
        }
        const owner = await store.visitors.byUserId(site.id, userId);
        if (owner && owner.id !== target.id) {
          // The same person on another device: this browser joins that visitor.
          moved = await attach(tab, site, owner, tab.connection, await tokenFor(site, owner.id), 0);
          target = owner;
        } else if (!owner) {
          target = await store.visitors.update(target.id, { userId });
        }
      }
      const changes = Object.fromEntries(Object.entries(contact).filter(([, value]) => value !== undefined));
      let recorded: DomainEvent[] = [];
      if (Object.keys(changes).length > 0) {
        const id = target.id;
        ({ target, recorded } = await store.transaction(async (tx) => {
          // Read in the transaction: the events name what this change changed, however others raced it.
          const before = (await tx.visitors.byId(id)) ?? target;
          const after = await tx.visitors.update(id, changes);
          return { target: after, recorded: await recordDetails(tx, site, before, after, null, clock.now()) };
        }));
      }
      await dispatch.emit([
        ...recorded,
        // userId is only ever set here with a valid hmac: an identify without both threw above.
        { type: 'contact', visitorId: target.id, name: target.name, email: target.email, emailVouched: userId !== undefined && contact.email !== undefined },
        { type: 'visitor', visitorId: target.id, site },
      ]);
      return { tab: { site, visitor: target, connection: tab.connection }, welcome: moved?.welcome ?? null };
    },

    async active(tab: VisitorTab) {
      const now = clock.now();
      if (now - (lastWrite.get(tab.visitor.id) ?? 0) < ACTIVITY_WRITE_MS) return;
      lastWrite.set(tab.visitor.id, now);
      await store.visitors.recordActivity(tab.visitor.id, now);
      await changed(tab.site, tab.visitor.id);
    },

    navigated: (tab: VisitorTab, page: PageInfo) => pages.push(tab.visitor.id, { tab, page }),

    /** A page of the visitor's older history, as the widget scrolls up: of it, what the visitor may see. */
    async older(tab: VisitorTab, before: number, limit: number) {
      const conversation = await store.conversations.ofVisitor(tab.visitor.id);
      if (!conversation) return { t: 'older' as const, conversationId: '', before, messages: [], more: false };
      let page = await olderOf(store, conversation.id, before, limit);
      // A page of events the visitor does not see would leave the widget nothing to page on from: read on to one that shows.
      while (page.more && !page.messages.some(visitorMaySee)) page = await olderOf(store, conversation.id, page.messages[0]!.seq, limit);
      return { t: 'older' as const, conversationId: conversation.id, before, messages: page.messages.filter(visitorMaySee).map(messageView), more: page.more };
    },

    /** At stop: the page changes still held are written now. */
    flushPages: () => pages.flush(),

    left: leave,

    /** An agent edits the visitor's details; an empty field clears it; each change is a transcript event. */
    async edit(agent: Agent, visitorId: string, fields: { name?: string; email?: string; phone?: string }) {
      const { site, visitor } = await visibleVisitor(store, agent, visitorId);
      const patch = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined).map(([key, value]) => [key, value || null]));
      const { updated, recorded } = await store.transaction(async (tx) => {
        const before = (await tx.visitors.byId(visitorId)) ?? visitor;
        const after = await tx.visitors.update(visitorId, patch);
        return { updated: after, recorded: await recordDetails(tx, site, before, after, agent, clock.now()) };
      });
      await dispatch.emit([
        ...recorded,
        { type: 'contact', visitorId, name: updated.name, email: updated.email, emailVouched: false },
        { type: 'visitor', visitorId, site },
      ]);
    },

    /** Visitors online now on the sites this agent sees. */
    async online(agent: Agent) {
      const ids = await onlineVisitorIds(presence, agent, await store.sites.list());
      return (await store.visitors.byIds(ids)).map((v) => profileView(v, true));
    },
  };
}
