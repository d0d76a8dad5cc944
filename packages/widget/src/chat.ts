/** The chat's actions: server frames and the visitor's actions change state here (and the sends in send.ts, loaded with the panel). */
import { batch } from '@preact/signals-core';
import {
  connectSocket,
  persistOutbox,
  releaseDue,
  restoreOutbox,
  resumeSeq,
  settle,
  unsent,
  withError,
  withRetry,
  type Outgoing,
  type Socket,
} from '@parley/client';
import {
  httpUrl,
  laterReceipts,
  MAX_TITLE_LENGTH,
  MAX_URL_LENGTH,
  SITE_PARAM,
  TYPING_TIMEOUT_MS,
  type IdentifyFields,
  type Message,
  type PageInfo,
  type VisitorClientFrame,
  type VisitorServerFrame,
} from '@parley/protocol';
import { watchActivity } from './activity.ts';
import { takeContinueToken } from './continue-link.ts';
import { emit } from './events.ts';
import { guard, warn } from './guard.ts';
import { ackedMessage, addMessages, lastSeq } from './messages.ts';
import { watchSeen } from './seen.ts';
import { onNavigation } from './navigation.ts';
import { siteStorage, type SiteStorage } from './storage.ts';
import {
  agentTyping,
  available,
  backAt,
  config,
  connected,
  email,
  isOpen,
  older,
  outbox,
  pageVisible,
  preview,
  receipts,
  seen,
  siteLanguage,
  stopped,
  thread,
} from './state.ts';

/** Errors after which retrying cannot help: the site key is wrong or this page's origin is not allowed. */
const FATAL = ['unknown_site', 'origin_not_allowed'];

let site = '';
let server = '';
/** This site's storage; also for the panel's own settings. */
export let storage: SiteStorage;
let connection: Socket<VisitorClientFrame>;
/** Who the server last welcomed, with which token: another tab may switch this browser to another visitor. */
let visitorId = '';
let token: string | null = null;
/** From an email link: goes with the next hello only, and the welcome it brings opens the chat. */
let continueToken: string | undefined;
let continuing = false;
let browser: { tz?: string; lang?: string } = {};
/** Identify fields waiting for the next welcome. */
let identity: IdentifyFields | null = null;
/** Context records the page attached while not connected: each goes with the next welcome, the latest of a type and id only. */
let contexts: ContextFrame[] = [];
let welcomed = false;
let agentTypingExpiry: ReturnType<typeof setTimeout> | undefined;
let pageSent = '';
let resendTimer: ReturnType<typeof setTimeout> | undefined;
/** After the first hello of a page load, hellos are reconnects: the server must not count a page view. */
let helloSent = false;
/** The highest of the site's messages this tab confirmed receiving, per conversation: seqs restart with each. */
let delivered = { conversationId: null as string | null, seq: 0 };

/** Returns whether the page came from a continue link: then the chat opens once welcomed. */
export function startChat(siteKey: string, serverOrigin: string): boolean {
  site = siteKey;
  server = serverOrigin;
  storage = siteStorage(site);
  // Before anything reads the URL: the first hello's page must not carry the token.
  continueToken = takeContinueToken();
  try {
    browser = { tz: Intl.DateTimeFormat().resolvedOptions().timeZone?.slice(0, 64), lang: navigator.language?.slice(0, 35) };
  } catch {
    // Without Intl the agent just sees less context.
  }
  batch(() => {
    outbox.value = restoreOutbox(storage);
    seen.value = storage.getJson('seen') ?? seen.value;
  });
  // The site key in the URL lets the server refuse a page the site does not allow before upgrading.
  const socketPath = `/ws/visitor?${SITE_PARAM}=${encodeURIComponent(siteKey)}`;
  connection = connectSocket({
    url: `${serverOrigin.replace(/^http/, 'ws')}${socketPath}`,
    hello,
    isWelcome: (frame) => frame.t === 'welcome',
    unacked: () => unsent(outbox.value).map(sendFrame),
    frame: receive,
    closed(_, opened) {
      connected.value = false;
      if (!opened) void askWhyRefused(`${serverOrigin}${socketPath}`);
    },
    guard,
  });
  const updateVisibility = () => (pageVisible.value = document.visibilityState === 'visible');
  updateVisibility();
  document.addEventListener('visibilitychange', updateVisibility);
  const wakeIfVisible = () => pageVisible.value && wake();
  addEventListener('online', wakeIfVisible);
  document.addEventListener('visibilitychange', wakeIfVisible);
  onNavigation(sendPage);
  watchActivity(() => send({ t: 'activity' }));
  watchSeen((seq) => {
    storage.setJson('seen', seen.value);
    send({ t: 'seen', seq });
  });
  return !!continueToken;
}

function hello(): VisitorClientFrame {
  // Held too, for browsers without storage. Another tab may have stored a token for another
  // visitor (a continue link): then this thread's seqs mean nothing there.
  const current = storage.get('token') ?? token;
  const frame: VisitorClientFrame = {
    t: 'hello',
    site,
    token: current ?? undefined,
    since: current === token ? resumeSeq(thread.value.messages) : 0,
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
  return connected.value && connection.send(frame);
}

function receive(frame: VisitorServerFrame): void {
  switch (frame.t) {
    case 'welcome': {
      const otherVisitor = !!visitorId && visitorId !== frame.visitorId;
      visitorId = frame.visitorId;
      token = frame.token;
      storage.set('token', token);
      batch(() => {
        if (otherVisitor) {
          thread.value = { conversationId: null, messages: [] };
          agentTyping.value = null;
        }
        // Only a first page says whether older ones exist: a resume brings what came after the held ones.
        if (thread.value.messages.length === 0) older.value = frame.older;
        // The first welcome of a page load brings history, not news: no 'message' events for it.
        receiveMessages(frame.conversationId, frame.messages, welcomed && !otherVisitor);
        receipts.value = frame.receipts;
        available.value = frame.available;
        backAt.value = frame.backAt;
        config.value = frame.config;
        siteLanguage.value = frame.config.language;
        // Identify fields still waiting are sent next: until the server confirms them, they stand.
        email.value = frame.email ?? identity?.email ?? null;
        connected.value = true;
      });
      welcomed = true;
      confirmDelivered();
      pageSent = currentPage().url;
      // Before the outbox, which the socket re-sends after this frame: the offline form's email goes first.
      if (identity) send({ t: 'identify', ...identity });
      identity = null;
      for (const frame of contexts) send(frame);
      contexts = [];
      if (continuing) open();
      continuing = false;
      return;
    }
    case 'profile':
      email.value = frame.email;
      return;
    case 'ack': {
      const sent = outbox.value.find((o) => o.clientId === frame.clientId);
      if (sent) receiveMessages(frame.conversationId, [ackedMessage(frame, sent.text)], false);
      return;
    }
    case 'message':
      receiveMessages(frame.message.conversationId, [frame.message], true);
      return;
    case 'receipts':
      if (frame.conversationId === thread.value.conversationId) receipts.value = laterReceipts(receipts.value, frame.receipts);
      return;
    case 'older':
      if (frame.conversationId !== thread.value.conversationId) return;
      receiveMessages(frame.conversationId, frame.messages, false);
      older.value = frame.more;
      return;
    case 'typing':
      clearTimeout(agentTypingExpiry);
      agentTyping.value = frame.on ? (frame.name ?? '') : null;
      // Typing frames can be lost with the agent's connection: the indicator must expire on its own.
      if (frame.on) agentTypingExpiry = setTimeout(() => (agentTyping.value = null), TYPING_TIMEOUT_MS);
      return;
    case 'availability':
      batch(() => {
        available.value = frame.available;
        backAt.value = frame.backAt;
      });
      return;
    case 'config':
      batch(() => {
        config.value = frame.config;
        siteLanguage.value = frame.config.language;
      });
      return;
    case 'error':
      if (FATAL.includes(frame.code)) return stop(frame.message);
      // Sending too fast is not a failure: the message waits in the outbox and goes when allowed.
      if (frame.code === 'rate_limited' && frame.clientId) {
        setOutbox(withRetry(outbox.value, frame.clientId, Date.now() + (frame.retryAfterMs ?? 1000)));
        return resendWhenDue();
      }
      if (frame.clientId) setOutbox(withError(outbox.value, frame.clientId, frame.message));
      warn(frame.message);
  }
}

function receiveMessages(conversationId: string | null, incoming: Message[], announce: boolean): void {
  const before = thread.value;
  const after = addMessages(before, conversationId, incoming);
  if (after === before) return;
  const known = before.conversationId === after.conversationId ? lastSeq(before) : 0;
  batch(() => {
    thread.value = after;
    setOutbox(settle(outbox.value, after.messages));
    if (incoming.some((m) => m.author === 'agent' && m.seq > known)) agentTyping.value = null;
  });
  confirmDelivered();
  if (!announce) return;
  for (const m of incoming) {
    if (m.author === 'visitor' || m.event || m.seq <= known) continue;
    if (m.author === 'agent' && !isOpen.peek()) preview.value = m;
    emit('message', m);
  }
}

/** Tells the server the site's messages reached this tab, for their "Delivered"; again if the socket was down. */
function confirmDelivered(): void {
  const { conversationId, messages } = thread.value;
  const seq = Math.max(0, ...messages.filter((m) => m.author !== 'visitor').map((m) => m.seq));
  const known = delivered.conversationId === conversationId ? delivered.seq : 0;
  if (seq > known && send({ t: 'delivered', seq })) delivered = { conversationId, seq };
}

export function setOutbox(next: readonly Outgoing[]): void {
  if (next === outbox.value) return;
  outbox.value = next;
  persistOutbox(storage, next);
}

/** Sends the waiting messages when their time comes, in order; ones the socket cannot take now go with the next welcome. */
export function resendWhenDue(): void {
  clearTimeout(resendTimer);
  const next = Math.min(...outbox.value.map((o) => o.retryAt ?? Infinity));
  if (next === Infinity) return;
  resendTimer = setTimeout(
    guard(() => {
      const { due, outbox: rest } = releaseDue(outbox.value, Date.now());
      setOutbox(rest);
      for (const o of due) send(sendFrame(o));
      resendWhenDue();
    }),
    next - Date.now(),
  );
}

export function sendFrame({ clientId, text }: Outgoing): VisitorClientFrame {
  return { t: 'send', clientId, text };
}

/**
 * A handshake that failed may be the server saying no for good (this page or key not allowed);
 * the browser hides its status, so the same URL over HTTP tells. Anything else: keep retrying.
 */
async function askWhyRefused(url: string): Promise<void> {
  try {
    const { error } = (await (await fetch(url)).json()) as { error?: { code: string; message: string } };
    if (error && FATAL.includes(error.code) && !stopped.peek()) stop(error.message);
  } catch {
    // Unreachable: the socket's backoff carries on.
  }
}

function stop(reason: string): void {
  batch(() => {
    stopped.value = true;
    isOpen.value = false;
  });
  connection.stop();
  warn(`the chat is off on this page: ${reason}`);
}

/** Connects now if down: the visitor is waiting, back on the page, or back online, which beats the rest of a long backoff. */
export function wake(): void {
  connection.wake();
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
  if (stopped.value) return;
  batch(() => {
    isOpen.value = true;
    preview.value = null;
  });
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
    title: document.title.slice(0, MAX_TITLE_LENGTH),
    referrer: webAddress(document.referrer),
  };
}

/** The server refuses any address but http(s); a srcdoc frame's about: or an app's android-app: referrer is sent as unknown. */
function webAddress(url: string): string {
  return httpUrl(url) === null ? '' : url.slice(0, MAX_URL_LENGTH);
}
