/** The chat's actions: server frames and visitor actions both change state here, and only here. */
import { batch, effect } from '@preact/signals-core';
import {
  MAX_TITLE_LENGTH,
  MAX_URL_LENGTH,
  TYPING_TIMEOUT_MS,
  type IdentifyFields,
  type Message,
  type PageInfo,
  type VisitorClientFrame,
  type VisitorServerFrame,
} from '@parley/protocol';
import { watchActivity } from './activity.ts';
import { connect, type Connection } from './connection.ts';
import { takeContinueToken } from './continue-link.ts';
import { emit } from './events.ts';
import { warn } from './guard.ts';
import { ackedMessage, addMessages, countUnread, lastSeq, settle, type Outgoing } from './messages.ts';
import { onNavigation } from './navigation.ts';
import { siteStorage, type SiteStorage } from './storage.ts';
import {
  agentTyping,
  available,
  connected,
  email,
  isOpen,
  outbox,
  pageVisible,
  preview,
  seen,
  stopped,
  thread,
} from './state.ts';

/** Sending `typing: on` again while typing keeps the agent's indicator alive without a frame per key. */
const TYPING_REFRESH_MS = 2000;
const TYPING_IDLE_MS = 3000;
/** Errors after which retrying cannot help: the site key is wrong or this page's origin is not allowed. */
const FATAL = ['unknown_site', 'origin_not_allowed'];
const ID_ALPHABET = 'useandom-26T198340PX75pxJACKVERYMINDBUSHWOLF_GQZbfghjklqvwyzrict';

let site = '';
/** This site's storage; also for the panel's own settings. */
export let storage: SiteStorage;
let connection: Connection;
/** Who the server last welcomed, with which token: another tab may switch this browser to another visitor. */
let visitorId = '';
let token: string | null = null;
/** From an email link: goes with the next hello only, and the welcome it brings opens the chat. */
let continueToken: string | undefined;
let continuing = false;
let browser: { tz?: string; lang?: string } = {};
/** Identify fields waiting for the next welcome. */
let identity: IdentifyFields | null = null;
let welcomed = false;
let typingSentAt = 0;
let typingIdle: ReturnType<typeof setTimeout> | undefined;
let agentTypingExpiry: ReturnType<typeof setTimeout> | undefined;
let pageSent = '';
/** After the first hello of a page load, hellos are reconnects: the server must not count a page view. */
let helloSent = false;

/** Returns whether the page came from a continue link: then the chat opens once welcomed. */
export function startChat(siteKey: string, serverOrigin: string): boolean {
  site = siteKey;
  storage = siteStorage(site);
  // Before anything reads the URL: the first hello's page must not carry the token.
  continueToken = takeContinueToken();
  try {
    browser = { tz: Intl.DateTimeFormat().resolvedOptions().timeZone?.slice(0, 64), lang: navigator.language?.slice(0, 35) };
  } catch {
    // Without Intl the agent just sees less context.
  }
  batch(() => {
    const pending = storage.getJson<Outgoing[]>('pending');
    outbox.value = Array.isArray(pending) ? pending : [];
    seen.value = storage.getJson('seen') ?? seen.value;
  });
  connection = connect(`${serverOrigin.replace(/^http/, 'ws')}/ws/visitor`, {
    hello,
    frame: receive,
    down: () => (connected.value = false),
  });
  const updateVisibility = () => (pageVisible.value = document.visibilityState === 'visible');
  updateVisibility();
  document.addEventListener('visibilitychange', updateVisibility);
  onNavigation(sendPage);
  watchActivity(() => send({ t: 'activity' }));
  effect(() => {
    if (isOpen.value && pageVisible.value && connected.value && countUnread(thread.value, seen.value)) markSeen();
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
    since: current === token ? lastSeq(thread.value) : 0,
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

function send(frame: VisitorClientFrame): boolean {
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
        // The first welcome of a page load brings history, not news: no 'message' events for it.
        receiveMessages(frame.conversationId, frame.messages, welcomed && !otherVisitor);
        available.value = frame.available;
        // Identify fields still waiting are sent next: until the server confirms them, they stand.
        email.value = frame.email ?? identity?.email ?? null;
        connected.value = true;
      });
      welcomed = true;
      pageSent = currentPage().url;
      if (identity) send({ t: 'identify', ...identity });
      identity = null;
      // The server is idempotent on clientId, so resending what may already have arrived is safe.
      for (const o of outbox.value) if (!o.failed) send({ t: 'send', clientId: o.clientId, text: o.text });
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
    case 'typing':
      clearTimeout(agentTypingExpiry);
      agentTyping.value = frame.on ? frame.name || 'An agent' : null;
      // Typing frames can be lost with the agent's connection: the indicator must expire on its own.
      if (frame.on) agentTypingExpiry = setTimeout(() => (agentTyping.value = null), TYPING_TIMEOUT_MS);
      return;
    case 'availability':
      available.value = frame.available;
      return;
    case 'error':
      if (FATAL.includes(frame.code)) return stop(frame.message);
      if (frame.clientId) setOutbox(outbox.value.map((o) => (o.clientId === frame.clientId ? { ...o, failed: true } : o)));
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
    setOutbox(settle(outbox.value, after));
    if (incoming.some((m) => m.author === 'agent' && m.seq > known)) agentTyping.value = null;
  });
  if (!announce) return;
  for (const m of incoming) {
    if (m.author === 'visitor' || m.seq <= known) continue;
    if (m.author === 'agent' && !isOpen.peek()) preview.value = m;
    emit('message', m);
  }
}

function setOutbox(next: Outgoing[]): void {
  if (next === outbox.value) return;
  outbox.value = next;
  storage.setJson('pending', next.length ? next.map(({ clientId, text, at }) => ({ clientId, text, at })) : null);
}

function markSeen(): void {
  const { conversationId } = thread.value;
  seen.value = { conversationId, seq: lastSeq(thread.value) };
  storage.setJson('seen', seen.value);
  send({ t: 'seen', seq: seen.value.seq });
}

function stop(reason: string): void {
  batch(() => {
    stopped.value = true;
    isOpen.value = false;
  });
  connection.stop();
  warn(`the chat is off on this page: ${reason}`);
}

/** Returns whether the text was taken (it was not empty). */
export function sendMessage(text: string): boolean {
  text = text.trim();
  if (!text) return false;
  const clientId = newClientId();
  setOutbox([...outbox.value, { clientId, text, at: Date.now() }]);
  stopTyping();
  // The visitor is waiting on this one: a reconnect now beats the rest of a long backoff.
  if (!send({ t: 'send', clientId, text })) connection.wake();
  return true;
}

export function retry(clientId: string): void {
  const failed = outbox.value.find((o) => o.clientId === clientId);
  if (!failed) return;
  setOutbox(outbox.value.map((o) => (o === failed ? { clientId, text: o.text, at: o.at } : o)));
  send({ t: 'send', clientId, text: failed.text });
}

export function identify(fields: IdentifyFields): void {
  // Taken at once (the offline form depends on it); the server's profile frame has the last word.
  if (fields.email) email.value = fields.email;
  if (!send({ t: 'identify', ...fields })) identity = { ...identity, ...fields };
}

/** The offline form: the email first, so the server can answer the message by email. */
export function leaveMessage(address: string, text: string): void {
  identify({ email: address });
  sendMessage(text);
}

export function typed(): void {
  const now = Date.now();
  if (now - typingSentAt > TYPING_REFRESH_MS && send({ t: 'typing', on: true })) typingSentAt = now;
  clearTimeout(typingIdle);
  typingIdle = setTimeout(stopTyping, TYPING_IDLE_MS);
}

export function stopTyping(): void {
  clearTimeout(typingIdle);
  if (!typingSentAt) return;
  typingSentAt = 0;
  send({ t: 'typing', on: false });
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
    url: location.href.slice(0, MAX_URL_LENGTH),
    title: document.title.slice(0, MAX_TITLE_LENGTH),
    referrer: document.referrer.slice(0, MAX_URL_LENGTH),
  };
}

function newClientId(): string {
  let id = '';
  for (const byte of crypto.getRandomValues(new Uint8Array(21))) id += ID_ALPHABET[byte & 63];
  return id;
}
