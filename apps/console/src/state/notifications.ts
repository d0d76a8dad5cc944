/**
 * The notification centre: items made from the live frames this tab gets, their unread count,
 * and the alerts (a beep, a browser notification) the agent switched on. Per tab for now: the
 * server keeps the agent's switches, not what they have read.
 */
import { computed, effect, signal, untracked } from '@preact/signals';
import type { Agent, AgentServerFrame } from '@parley/protocol';
import { type ConsoleNotification, notificationFor, readConversation, unreadNotifications, withNotification } from '../lib/notifications.ts';
import { updateMe } from './agents.ts';
import { conversations, selectConversation, selectedConversation, selectedId } from './conversations.ts';
import { showNotice } from './notice.ts';
import { pageActive } from './unread.ts';

export const notifications = signal<readonly ConsoleNotification[]>([]);
export const unreadNotificationCount = computed(() => unreadNotifications(notifications.value));
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

function showDesktop(item: ConsoleNotification): void {
  if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
  try {
    const shown = new Notification(item.title, { body: item.body, tag: item.conversationId });
    shown.onclick = () => {
      window.focus();
      openNotification(item);
      shown.close();
    };
  } catch {
    // Some browsers construct notifications only from a service worker: the beep and the title remain.
  }
}

/** Called with every frame before it is applied, so "new" means not held until now. */
export function noteFrame(frame: AgentServerFrame, agent: Agent): void {
  const item = notificationFor(frame, conversations.peek(), agent.id);
  if (!item) return;
  // Seen as it arrives: no item, no alert.
  if (pageActive.peek() && selectedId.peek() === item.conversationId) return;
  const before = notifications.peek();
  notifications.value = withNotification(before, item);
  if (notifications.peek() === before) return;
  if (agent.sound) beep();
  if (agent.desktop) showDesktop(item);
}

export function openNotification(item: ConsoleNotification): void {
  notifications.value = readConversation(notifications.value, item.conversationId);
  notificationCentreOpen.value = false;
  selectConversation(item.conversationId);
}

export function toggleNotificationCentre(): void {
  notificationCentreOpen.value = !notificationCentreOpen.value;
}

export function markAllNotificationsRead(): void {
  notifications.value = notifications.value.map((n) => (n.read ? n : { ...n, read: true }));
}

export function setSound(on: boolean): void {
  // From a click: the one moment a browser lets a page start its audio.
  if (on) beep();
  updateMe({ sound: on });
}

/** Asks the browser's permission (once: it remembers the answer) from the agent's click. */
export async function setDesktop(on: boolean): Promise<void> {
  if (!on) return updateMe({ desktop: false });
  if (typeof Notification === 'undefined') return showNotice('This browser cannot show notifications.');
  const permission = Notification.permission === 'default' ? await Notification.requestPermission() : Notification.permission;
  if (permission !== 'granted') return showNotice('The browser blocks notifications from Parley: allow them in its site settings, then try again.');
  updateMe({ desktop: true });
}

/** Reads the open conversation's items whenever the agent is looking at it; returns a stop. */
export function trackNotifications(): () => void {
  return effect(() => {
    const open = selectedConversation.value;
    if (open && pageActive.value) untracked(() => (notifications.value = readConversation(notifications.value, open.id)));
  });
}

export function resetNotifications(): void {
  notifications.value = [];
  notificationCentreOpen.value = false;
}
