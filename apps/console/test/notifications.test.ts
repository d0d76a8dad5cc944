import { beforeEach, describe, expect, it, vi } from 'vitest';
import { type Agent, type AgentClientFrame, type AgentNotification, MAX_NOTIFICATIONS } from '@parley/protocol';
import { changedNotifications, notificationTitle, tabTitle, unreadOf, withNotification } from '../src/lib/notifications.ts';
import { conversation } from './fixtures.ts';

const sent: AgentClientFrame[] = [];
vi.mock('../src/state/socket.ts', () => ({
  sendFrame: (frame: AgentClientFrame) => {
    sent.push(frame);
    return true;
  },
}));
vi.mock('../src/state/router.ts', async () => {
  const { signal } = await import('@preact/signals');
  const route = signal<{ name: 'inbox'; conversationId: string | null }>({ name: 'inbox', conversationId: null });
  return { route, goToConversation: (conversationId: string) => (route.value = { name: 'inbox', conversationId }) };
});
vi.mock('../src/state/unread.ts', async () => {
  const { signal } = await import('@preact/signals');
  return { pageActive: signal(true) };
});

const shown: { title: string; body?: string }[] = [];
let beeps = 0;
vi.stubGlobal(
  'Notification',
  class {
    static permission = 'granted';
    onclick: (() => void) | null = null;
    constructor(title: string, options: { body?: string }) {
      shown.push({ title, body: options.body });
    }
    close() {}
  },
);
vi.stubGlobal(
  'AudioContext',
  class {
    currentTime = 0;
    destination = {};
    createGain = () => ({ connect() {}, gain: { setValueAtTime() {}, exponentialRampToValueAtTime() {} } });
    createOscillator = () => ({ frequency: { value: 0 }, connect() {}, start: () => void beeps++, stop() {} });
  },
);

const conversations = await import('../src/state/conversations.ts');
const state = await import('../src/state/notifications.ts');
const { pageActive } = await import('../src/state/unread.ts');
const { route } = await import('../src/state/router.ts');

const me: Agent = { id: 'a1', email: 'ann@x', name: 'Ann', role: 'agent', status: 'available', awayAfter: 0, sound: true, desktop: false, teams: [], avatarUrl: null };

const item = (id: string, conversationId: string, extra: Partial<AgentNotification> = {}): AgentNotification => ({
  id,
  kind: 'message',
  conversationId,
  visitorName: `Visitor ${conversationId}`,
  text: 'Any news?',
  at: 0,
  read: false,
  ...extra,
});

describe('the items', () => {
  it('are titled by kind and visitor', () => {
    expect(notificationTitle(item('n', 'c1', { kind: 'offer' }))).toBe('Offered to you: Visitor c1');
    expect(notificationTitle(item('n', 'c1', { kind: 'overdue' }))).toBe('Overdue: Visitor c1');
    expect(notificationTitle(item('n', 'c1', { kind: 'missed' }))).toBe('Missed conversation: Visitor c1');
  });

  it('are kept once each, newest first, at most MAX_NOTIFICATIONS; read and removed as the server says', () => {
    let list = withNotification([], item('a', 'c1'));
    list = withNotification(list, item('b', 'c2'));
    expect(withNotification(list, item('a', 'c1'))).toBe(list);
    expect(list.map((n) => n.id)).toEqual(['b', 'a']);
    expect(unreadOf(list, 'c1')).toEqual(['a']);
    expect(changedNotifications(list, ['a']).map((n) => n.read)).toEqual([false, true]);
    expect(changedNotifications(list, [], ['b']).map((n) => n.id)).toEqual(['a']);
    expect(changedNotifications(list, ['x'], ['y'])).toBe(list);
    let many = list;
    for (let i = 0; i < MAX_NOTIFICATIONS + 5; i++) many = withNotification(many, item(`n${i}`, 'c1'));
    expect(many).toHaveLength(MAX_NOTIFICATIONS);
  });

  it('shows the unread count in the tab title', () => {
    expect(tabTitle(0)).toBe('Parley console');
    expect(tabTitle(3)).toBe('(3) Parley console');
  });
});

describe('the notification state', () => {
  beforeEach(() => {
    state.resetNotifications();
    conversations.resetConversations();
    conversations.replaceConversations([conversation('c1')]);
    shown.length = 0;
    sent.length = 0;
    beeps = 0;
    pageActive.value = true;
    route.value = { name: 'inbox', conversationId: null };
  });

  it('takes the items and the count from the server; a new one beeps, and shows on the desktop only when switched on', () => {
    state.applyNotificationFrame({ t: 'notifications', items: [item('old', 'c1', { read: true })], unread: 7 }, me);
    expect(state.unreadNotificationCount.value).toBe(7);
    state.applyNotificationFrame({ t: 'notification', item: item('n1', 'c2', { kind: 'offer' }), unread: 8 }, me);
    expect(state.unreadNotificationCount.value).toBe(8);
    expect(beeps).toBeGreaterThan(0);
    expect(shown).toEqual([]);
    state.applyNotificationFrame({ t: 'notification', item: item('n2', 'c3', { kind: 'overdue' }), unread: 9 }, { ...me, sound: false, desktop: true });
    expect(shown).toEqual([{ title: 'Overdue: Visitor c3', body: 'Any news?' }]);
    state.applyNotificationFrame({ t: 'notificationsChanged', read: ['n2'], removed: ['n1'], unread: 7 }, me);
    expect(state.notifications.value.map((n) => `${n.id} ${n.read}`)).toEqual(['n2 true', 'old true']);
    expect(state.unreadNotificationCount.value).toBe(7);
  });

  it('reads at once, without an alert, an item about the open conversation while the agent looks at it', () => {
    conversations.selectConversation('c1');
    state.applyNotificationFrame({ t: 'notification', item: item('n1', 'c1'), unread: 1 }, me);
    expect(beeps).toBe(0);
    expect(state.unreadNotificationCount.value).toBe(0);
    expect(sent).toEqual([{ t: 'read', ids: ['n1'] }]);
    pageActive.value = false;
    state.applyNotificationFrame({ t: 'notification', item: item('n2', 'c1'), unread: 1 }, me);
    expect(state.unreadNotificationCount.value).toBe(1);
    expect(beeps).toBeGreaterThan(0);
  });

  it('opening an item reads every item of its conversation and opens it; Grab assigns it to me first', () => {
    state.applyNotificationFrame({ t: 'notifications', items: [item('n2', 'c1'), item('n1', 'c1'), item('o', 'c2', { kind: 'offer' })], unread: 3 }, me);
    state.openNotification(state.notifications.value[0]!);
    expect(state.unreadNotificationCount.value).toBe(1);
    expect(conversations.selectedId.value).toBe('c1');
    state.grab(state.notifications.value[2]!, me);
    expect(sent).toEqual([
      { t: 'read', ids: ['n2', 'n1'] },
      { t: 'assign', conversationId: 'c2', agentId: 'a1' },
      { t: 'read', ids: ['o'] },
    ]);
    expect(conversations.selectedId.value).toBe('c2');
    expect(state.unreadNotificationCount.value).toBe(0);
  });

  it('switches are sent to the server as a me frame', async () => {
    state.setSound(false);
    await state.setDesktop(true);
    expect(sent).toEqual([{ t: 'me', sound: false }, { t: 'me', desktop: true }]);
  });
});
