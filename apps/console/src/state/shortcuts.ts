/**
 * The console's keyboard shortcuts: one table of what each key does (the help overlay reads the
 * same table), the keydown listener that runs them, and the help overlay's open state.
 */
import { signal } from '@preact/signals';
import { type Agent, LIST_VIEWS, VIEW_LABELS } from '@parley/protocol';
import { resolveShortcut, type Shortcut } from '../lib/shortcuts.ts';
import { selectedId, setListView } from './conversations.ts';
import { notificationCentreOpen } from './notifications.ts';
import { goToInbox, goToMail, goToSettings, goToVisitors, route } from './router.ts';
import { strings } from '../strings.ts';

/** Gets the key pressed; true when it used it: the listener then keeps it from the page (no scroll, no typing). */
type Run = (key: string) => boolean;

export interface ShortcutGroup {
  title: string;
  shortcuts: readonly Shortcut<Run>[];
}

/** The number keys pick the list's views in the order the list shows them. */
const VIEW_KEYS: readonly { label: string; pick(): void }[] = LIST_VIEWS.map((view) => ({ label: VIEW_LABELS[view], pick: () => setListView(view) }));

/** A sequence's second key must follow its first within this many milliseconds. */
const SEQUENCE_MS = 1500;

export const helpOpen = signal(false);
/** Where focus was when the help opened: it goes back there on close. */
let focusBeforeHelp: HTMLElement | null = null;

export function openHelp(): void {
  if (helpOpen.peek()) return;
  focusBeforeHelp = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  helpOpen.value = true;
}

export function closeHelp(): void {
  if (!helpOpen.peek()) return;
  helpOpen.value = false;
  focusBeforeHelp?.focus();
  focusBeforeHelp = null;
}

export function replyBoxId(conversationId: string): string {
  return `reply-${conversationId}`;
}

/** The list's conversation buttons on screen now (none while a phone shows one conversation). */
function listButtons(): HTMLElement[] {
  const list = document.getElementById('conversation-list');
  if (!list) return [];
  return [...list.querySelectorAll<HTMLElement>(':scope > li > button')].filter((b) => b.getClientRects().length > 0);
}

/** Moves focus one conversation down (1) or up (-1), from the focused one, else the open one. */
function moveInList(step: 1 | -1): boolean {
  const buttons = listButtons();
  if (buttons.length === 0) return false;
  let at = buttons.indexOf(document.activeElement as HTMLElement);
  if (at < 0) at = buttons.findIndex((b) => b.getAttribute('aria-current') === 'true');
  const next = at < 0 ? (step === 1 ? 0 : buttons.length - 1) : Math.min(Math.max(at + step, 0), buttons.length - 1);
  buttons[next]!.focus();
  return true;
}

/** j and k reach the list from anywhere; the arrows only move in it, so they still scroll the page elsewhere. */
function listStep(step: 1 | -1): Run {
  return (key) => (key.startsWith('Arrow') && !listButtons().includes(document.activeElement as HTMLElement) ? false : moveInList(step));
}

function focusReply(): boolean {
  const id = selectedId.peek();
  const box = id === null ? null : document.getElementById(replyBoxId(id));
  if (!box) return false;
  box.focus();
  return true;
}

/** Escape: out of the reply box (or any field) back to the open conversation in the list. */
function leaveField(): boolean {
  if (notificationCentreOpen.peek()) {
    notificationCentreOpen.value = false;
    notificationsButton()?.focus();
    return true;
  }
  const focused = document.activeElement;
  if (!(focused instanceof HTMLElement) || focused === document.body) return false;
  const open = listButtons().find((b) => b.getAttribute('aria-current') === 'true');
  if (open) open.focus();
  else focused.blur();
  return true;
}

function notificationsButton(): HTMLElement | null {
  return document.querySelector<HTMLElement>('[aria-controls="notification-panel"]');
}

function openNotifications(): boolean {
  notificationCentreOpen.value = true;
  notificationsButton()?.focus();
  return true;
}

function inboxView(pick: () => void): Run {
  return () => {
    if (route.peek().name !== 'inbox') goToInbox();
    pick();
    return true;
  };
}

function go(to: () => void): Run {
  return () => {
    to();
    return true;
  };
}

/** Every shortcut, grouped as the help shows them; Settings and Sent mail only for admins, as in the top bar. */
export function shortcutGroups(role: Agent['role']): readonly ShortcutGroup[] {
  const admin = role === 'admin';
  return [
    {
      title: strings.keyboardShortcuts.conversations,
      shortcuts: [
        { keys: ['j', 'ArrowDown'], does: strings.keyboardShortcuts.next, run: listStep(1) },
        { keys: ['k', 'ArrowUp'], does: strings.keyboardShortcuts.previous, run: listStep(-1) },
        { keys: ['Enter'], does: strings.keyboardShortcuts.open },
        { keys: ['r'], does: strings.keyboardShortcuts.reply, run: focusReply },
        { keys: ['Enter'], does: strings.keyboardShortcuts.send },
        { keys: ['Shift+Enter'], does: strings.keyboardShortcuts.newLine },
        { keys: ['Escape'], does: strings.keyboardShortcuts.leave, run: leaveField },
      ],
    },
    {
      title: strings.keyboardShortcuts.views,
      shortcuts: VIEW_KEYS.map((view, i) => ({ keys: [String(i + 1)], does: strings.keyboardShortcuts.show(view.label), run: inboxView(view.pick) })),
    },
    {
      title: strings.keyboardShortcuts.goTo,
      shortcuts: [
        { keys: ['g i'], does: strings.keyboardShortcuts.inbox, run: go(() => goToInbox()) },
        { keys: ['g v'], does: strings.keyboardShortcuts.visitorsOnline, run: go(goToVisitors) },
        ...(admin
          ? [
              { keys: ['g s'], does: strings.keyboardShortcuts.settings, run: go(goToSettings) },
              { keys: ['g m'], does: strings.keyboardShortcuts.sentMail, run: go(goToMail) },
            ]
          : []),
        { keys: ['n'], does: strings.keyboardShortcuts.notifications, run: openNotifications },
        { keys: ['?'], does: strings.keyboardShortcuts.help, run: go(openHelp) },
      ],
    },
  ];
}

/** Listens on the document while an agent is signed in; returns the function that stops. */
export function startShortcuts(role: Agent['role']): () => void {
  const table = shortcutGroups(role).flatMap((g) => g.shortcuts);
  let prefix: { key: string; at: number } | null = null;

  function onKeyDown(event: KeyboardEvent): void {
    // A modal dialog (the help) handles its own keys; a component that used the key said so. Asked
    // of the page, not of helpOpen: that follows the dialog's close event, a task after it closed.
    if (event.defaultPrevented || (event.target as Element).closest('dialog[open]')) return;
    const pending = prefix && event.timeStamp - prefix.at <= SEQUENCE_MS ? prefix.key : null;
    prefix = null;
    const { key, ctrlKey, altKey, metaKey } = event;
    const outcome = resolveShortcut(table, { key, ctrlKey, altKey, metaKey, target: event.target as HTMLElement }, pending);
    if (outcome.kind === 'prefix') {
      prefix = { key: outcome.key, at: event.timeStamp };
      event.preventDefault();
    } else if (outcome.kind === 'run' && outcome.shortcut.run(key)) {
      event.preventDefault();
    }
  }

  document.addEventListener('keydown', onKeyDown);
  return () => document.removeEventListener('keydown', onKeyDown);
}
