/**
 * The visitor's connection, loaded before the chat opens: the socket (hello, reconnects), presence
 * (page, activity), the page API's actions, availability and config. The conversation itself is the
 * panel's (conversation.ts): every frame goes there, held here until the panel is loaded, which is
 * as soon as a message comes that the visitor has not seen.
 */
import { connectSocket, OUTBOX_KEY, type Socket } from '@parley/client';
import {
  CONTINUE_PARAM,
  httpUrl,
  MAX_TITLE_LENGTH,
  MAX_URL_LENGTH,
  SITE_PARAM,
  type IdentifyFields,
  type Message,
  type PageInfo,
  type VisitorClientFrame,
  type VisitorServerFrame,
} from '@parley/protocol';
import { watchActivity } from './activity.ts';
import { guard, warn } from './guard.ts';
import { onNavigation } from './navigation.ts';
import { siteStorage, type SiteStorage } from './storage.ts';
import { countUnread } from './unread.ts';
import { available, config, connected, email, isOpen, ownTitle, panelWanted, preview, seen, stopped } from './store.ts';

/** Errors after which retrying cannot help: the site key is wrong or this page's origin is not allowed. */
const FATAL = ['unknown_site', 'origin_not_allowed'];
const CONFIG = 'config';
const OPEN = 'open';

let site = '';
let server = '';
/** This site's storage; also for the panel's own settings. */
export let storage: SiteStorage;
/** This tab's: what must survive a reload or the next page of the site, but not the tab (the open panel, the draft). */
export let session: SiteStorage;
/** Undefined only while a continue link's token is being taken. */
let connection: Socket<VisitorClientFrame> | undefined;
/** The token the server last welcomed with: another tab may switch this browser to another visitor. */
let token: string | null = null;
/** From an email link: goes with the next hello only, and the welcome it brings opens the chat. */
let continueToken: string | undefined;
let continuing = false;
let browser: { tz?: string; lang?: string } = {};
/** Identify fields waiting for the next welcome. */
let identity: IdentifyFields | null = null;
/** Context records the page attached while not connected: each goes with the next welcome, the latest of a type and id only. */
let contexts: ContextFrame[] = [];
let pageSent = '';
/** After the first hello of a page load, hellos are reconnects: the server must not count a page view. */
let helloSent = false;

/** The panel's side of the conversation: every server frame, in order; the seq to resume from; the sends to repeat after a welcome. */
export interface PanelLink {
  frame(frame: VisitorServerFrame): void;
  since(): number;
  unacked(): readonly VisitorClientFrame[];
}
let panel: PanelLink | null = null;
/** Frames that came before the panel: it replays them, so it builds the same state as if it had been there. */
const early: VisitorServerFrame[] = [];

export function linkPanel(link: PanelLink): void {
  panel = link;
  for (const frame of early.splice(0)) link.frame(frame);
}

export function startChat(siteKey: string, serverOrigin: string): void {
  site = siteKey;
  server = serverOrigin;
  storage = siteStorage(site, () => localStorage);
  session = siteStorage(site, () => sessionStorage);
  try {
    browser = { tz: Intl.DateTimeFormat().resolvedOptions().timeZone?.slice(0, 64), lang: navigator.language?.slice(0, 35) };
  } catch {
    // Without Intl the agent just sees less context.
  }
  seen.value = storage.getJson('seen') ?? seen.value;
  config.value = storage.getJson(CONFIG);
  isOpen.value = session.get(OPEN) === '1';
  isOpen.watch((open) => session.set(OPEN, open ? '1' : null));
  // The site key in the URL lets the server refuse a page the site does not allow before upgrading.
  const socketPath = `/ws/visitor?${SITE_PARAM}=${encodeURIComponent(siteKey)}`;
  const connect = () => {
    connection = connectSocket({
      url: `${serverOrigin.replace(/^http/, 'ws')}${socketPath}`,
      hello,
      isWelcome: (frame) => frame.t === 'welcome',
      unacked: () => panel?.unacked() ?? [],
      frame: receive,
      closed(_, opened) {
        connected.value = false;
        if (!opened) void askWhyRefused(`${serverOrigin}${socketPath}`);
      },
      guard,
    });
  };
  // A "continue the chat" link from an email: its token comes off the URL before the first hello,
  // whose page must not carry it, by a chunk only such visits load (they open the chat at once).
  if (location.search.includes(CONTINUE_PARAM)) {
    panelWanted.value = true;
    import('./continue-link.ts').then((link) => (continueToken = link.takeContinueToken()), warn).finally(guard(connect));
  } else connect();
  const wakeIfVisible = () => document.visibilityState === 'visible' && wake();
  addEventListener('online', wakeIfVisible);
  document.addEventListener('visibilitychange', wakeIfVisible);
  onNavigation(sendPage);
  watchActivity(() => send({ t: 'activity' }));
  // Open before the reload (in this tab), or sends wait from an earlier page: the panel comes now.
  if (isOpen.value || storage.get(OUTBOX_KEY)) panelWanted.value = true;
}

function hello(): VisitorClientFrame {
  // Held too, for browsers without storage. Another tab may have stored a token for another
  // visitor (a continue link): then this thread's seqs mean nothing there.
  const current = storage.get('token') ?? token;
  const frame: VisitorClientFrame = {
    t: 'hello',
    site,
    token: current ?? undefined,
    // Without the panel nothing is held: the welcome brings the latest page again.
    since: current === token && panel ? panel.since() : 0,
    page: currentPage(),
    ...browser,
    continue: continueToken,
    reconnect: helloSent || undefined,
  };
  helloSent = true;
  continuing = !!continueToken;
  continueToken = undefined;
  return frame;
}

/** What the panel's file uploads and downloads need: null until a welcome brought a token. */
export const fileAccess = () => (token ? { server, site, token } : null);

export function send(frame: VisitorClientFrame): boolean {
  return connected.value && !!connection?.send(frame);
}

function receive(frame: VisitorServerFrame): void {
  switch (frame.t) {
    case 'welcome': {
      token = frame.token;
      storage.set('token', token);
      available.value = frame.available;
      setConfig(frame);
      // Identify fields still waiting are sent next: until the server confirms them, they stand.
      email.value = frame.email ?? identity?.email ?? null;
      connected.value = true;
      wantPanelFor(frame.conversationId, frame.messages);
      pageSent = currentPage().url;
      // Before the outbox, which the socket re-sends after this frame: the offline form's email goes first.
      if (identity) send({ t: 'identify', ...identity });
      identity = null;
      for (const frame of contexts) send(frame);
      contexts = [];
      if (continuing) open();
      continuing = false;
      break;
    }
    case 'config':
      setConfig(frame);
      break;
    case 'profile':
      email.value = frame.email;
      break;
    case 'message':
      wantPanelFor(frame.message.conversationId, [frame.message]);
      break;
    case 'availability':
      available.value = frame.available;
      break;
    case 'error':
      if (FATAL.includes(frame.code)) return stop(frame.message);
      // A refused send is the panel's to show; sending too fast is not a failure at all.
      if (!frame.clientId) warn(frame.message);
  }
  if (panel) return panel.frame(frame);
  // A welcome brings the latest page afresh (nothing is held to resume from), so what came before
  // it is dropped: a page left open for days holds one page of history, not one per reconnect.
  if (frame.t === 'welcome') early.length = 0;
  // A stale typing indicator is no news for a panel opened later.
  if (frame.t !== 'typing') early.push(frame);
}

function setConfig(frame: Extract<VisitorServerFrame, { config: unknown }>): void {
  config.value = frame.config;
  storage.setJson(CONFIG, frame.config);
}

/** A message from the site's side that the visitor has not seen brings the panel: it counts, previews and announces it. */
function wantPanelFor(conversationId: string | null, messages: Message[]): void {
  if (countUnread({ conversationId, messages }, seen.value)) panelWanted.value = true;
}

/**
 * A handshake that failed may be the server saying no for good (this page or key not allowed);
 * the browser hides its status, so the same URL over HTTP tells. Anything else: keep retrying.
 */
async function askWhyRefused(url: string): Promise<void> {
  try {
    const { error } = (await (await fetch(url)).json()) as { error?: { code: string; message: string } };
    if (error && FATAL.includes(error.code) && !stopped.value) stop(error.message);
  } catch {
    // Unreachable: the socket's backoff carries on.
  }
}

function stop(reason: string): void {
  stopped.value = true;
  isOpen.value = false;
  connection?.stop();
  warn(`the chat is off on this page: ${reason}`);
}

/** Connects now if down: the visitor is waiting, back on the page, or back online, which beats the rest of a long backoff. */
export function wake(): void {
  connection?.wake();
}

export function identify(fields: IdentifyFields): void {
  // Taken at once (the offline form depends on it); the server's profile frame has the last word.
  if (fields.email) email.value = fields.email;
  if (!send({ t: 'identify', ...fields })) identity = { ...identity, ...fields };
}

type ContextFrame = Extract<VisitorClientFrame, { t: 'context' }>;

/** `Parley('context', …)`: stored with the visitor's conversation by the server, so it is sent once, not on every reconnect. */
export function attachContext(record: Omit<ContextFrame, 't'>): void {
  const frame: ContextFrame = { t: 'context', ...record };
  if (!send(frame)) contexts = [...contexts.filter((c) => c.type !== frame.type || c.id !== frame.id), frame];
}

export function open(): void {
  if (!stopped.value) isOpen.value = true;
}

export function dismissPreview(): void {
  preview.value = null;
}

export function close(): void {
  isOpen.value = false;
}

function sendPage(): void {
  const page = currentPage();
  if (page.url !== pageSent && send({ t: 'page', page })) pageSent = page.url;
}

function currentPage(): PageInfo {
  return {
    url: webAddress(location.href),
    title: (ownTitle.value ?? document.title).slice(0, MAX_TITLE_LENGTH),
    referrer: webAddress(document.referrer),
  };
}

/** The server refuses any address but http(s); a srcdoc frame's about: or an app's android-app: referrer is sent as unknown. */
function webAddress(url: string): string {
  return httpUrl(url) === null ? '' : url.slice(0, MAX_URL_LENGTH);
}
