/**
 * The notification centre: the server's items and unread count for this agent (the same in every
 * tab and browser), the read marks sent back, grabbing an offer, and the alerts (a beep, a browser
 * notification) the agent switched on.
 */
import { effect, signal, untracked } from '@preact/signals';
import type { Agent, AgentNotification, AgentServerFrame } from '@parley/protocol';
import { changedNotifications, notificationTitle, unreadOf, withNotification } from '../lib/notifications.ts';
import { updateMe } from './agents.ts';
import { selectConversation, selectedConversation, selectedId } from './conversations.ts';
import { showNotice } from './notice.ts';
import { sendFrame } from './socket.ts';
import { pageActive } from './unread.ts';
import { strings } from '../strings.ts';

export const notifications = signal<readonly AgentNotification[]>([]);
/** The server's count: it covers items older than the ones this tab holds. */
export const unreadNotificationCount = signal(0);
export const notificationCentreOpen = signal(false);

let audio: AudioContext | null = null;

/** A short two-tone beep made here: no audio file to load or ship. */
function beep(): void {
  try {
    audio ??= new AudioContext();
    const at = audio.currentTime;
    const gain = audio.createGain();
    gain.connect(audio.destination);
    gain.gain.setValueAtTime(0.15, at);
    gain.gain.exponentialRampToValueAtTime(0.001, at + 0.3);
    for (const [frequency, start] of [[880, 0], [1320, 0.12]] as const) {
      const tone = audio.createOscillator();
      tone.frequency.value = frequency;
      tone.connect(gain);
      tone.start(at + start);
      tone.stop(at + start + 0.15);
    }
  } catch {
    // No WebAudio (or it is blocked until a click): the centre and the title still count it.
  }
}

function showDesktop(item: AgentNotification): void {
  if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
  try {
    const shown = new Notification(notificationTitle(item), { body: item.text, tag: item.conversationId });
    shown.onclick = () => {
      window.focus();
      openNotification(item);
      shown.close();
    };
  } catch {
    // Some browsers construct notifications only from a service worker: the beep and the title remain.
  }
}

/** Marks items read here at once and tells the server, whose answer then sets the exact count in every tab. */
function markRead(ids: readonly string[] | null): void {
  const before = notifications.value;
  const targets = ids ?? before.filter((n) => !n.read).map((n) => n.id);
  if (targets.length === 0) return;
  notifications.value = changedNotifications(before, targets);
  unreadNotificationCount.value = ids ? Math.max(0, unreadNotificationCount.value - before.filter((n) => !n.read && targets.includes(n.id)).length) : 0;
  sendFrame(ids ? { t: 'read', ids: [...ids] } : { t: 'read' });
}

export function applyNotificationFrame(frame: Extract<AgentServerFrame, { t: 'notifications' | 'notification' | 'notificationsChanged' }>, agent: Agent): void {
  switch (frame.t) {
    case 'notifications':
      notifications.value = frame.items;
      unreadNotificationCount.value = frame.unread;
      return;
    case 'notification': {
      notifications.value = withNotification(notifications.value, frame.item);
      unreadNotificationCount.value = frame.unread;
      // Seen as it arrives: read at once, no alert. Offers and overdue turns ring like the rest.
      if (pageActive.peek() && selectedId.peek() === frame.item.conversationId) return markRead([frame.item.id]);
      if (agent.sound) beep();
      if (agent.desktop) showDesktop(frame.item);
      return;
    }
    case 'notificationsChanged':
      notifications.value = changedNotifications(notifications.value, frame.read, frame.removed);
      unreadNotificationCount.value = frame.unread;
      return;
  }
}

export function openNotification(item: AgentNotification): void {
  markRead(unreadOf(notifications.value, item.conversationId));
  notificationCentreOpen.value = false;
  selectConversation(item.conversationId);
}

/**
 * Takes the offered conversation and opens it. Of two agents grabbing at once the server lets one
 * win; the other hears who did (an error frame, shown as a notice) and loses the conversation.
 */
export function grab(item: AgentNotification, agent: Agent): void {
  sendFrame({ t: 'assign', conversationId: item.conversationId, agentId: agent.id });
  openNotification(item);
}

export function toggleNotificationCentre(): void {
  notificationCentreOpen.value = !notificationCentreOpen.value;
}

export function markAllNotificationsRead(): void {
  markRead(null);
}

export function setSound(on: boolean): void {
  // From a click: the one moment a browser lets a page start its audio.
  if (on) beep();
  updateMe({ sound: on });
}

/** Asks the browser's permission (once: it remembers the answer) from the agent's click. */
export async function setDesktop(on: boolean): Promise<void> {
  if (!on) return updateMe({ desktop: false });
  if (typeof Notification === 'undefined') return showNotice(strings.notificationCentre.browserCannot);
  const permission = Notification.permission === 'default' ? await Notification.requestPermission() : Notification.permission;
  if (permission !== 'granted') return showNotice(strings.notificationCentre.browserBlocks);
  updateMe({ desktop: true });
}

/** Reads the open conversation's items whenever the agent is looking at it; returns a stop. */
export function trackNotifications(): () => void {
  return effect(() => {
    const open = selectedConversation.value;
    if (open && pageActive.value) untracked(() => markRead(unreadOf(notifications.value, open.id)));
  });
}

export function resetNotifications(): void {
  notifications.value = [];
  unreadNotificationCount.value = 0;
  notificationCentreOpen.value = false;
}
