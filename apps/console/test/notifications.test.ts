import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Agent, AgentClientFrame } from '@parley/protocol';
import { MAX_NOTIFICATIONS, notificationFor, readConversation, tabTitle, unreadNotifications, withNotification } from '../src/lib/notifications.ts';
import { conversation, message } from './fixtures.ts';

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

const me: Agent = { id: 'a1', email: 'ann@x', name: 'Ann', role: 'agent', status: 'available', awayAfter: 0, sound: true, desktop: false, teams: [] };
const joined = conversation('c1', { agents: [{ id: 'a1', name: 'Ann' }] });

describe('what becomes a notification', () => {
  it('a conversation not held before is new (unless an agent started it); one held is not, until it turns missed', () => {
    const fresh = conversation('c2', { lastMessage: message(1, { conversationId: 'c2', text: 'Hi there' }), createdAt: 5 });
    expect(notificationFor({ t: 'conversation', item: fresh }, [joined], 'a1')).toEqual({
      id: 'conversation:c2',
      kind: 'conversation',
      conversationId: 'c2',
      title: 'New conversation: Visitor c2',
      body: 'Hi there',
      at: 5,
      read: false,
    });
    expect(notificationFor({ t: 'conversation', item: { ...joined, updatedAt: 9 } }, [joined], 'a1')).toBeNull();
    const started = conversation('c4', { lastMessage: message(1, { conversationId: 'c4', author: 'agent' }) });
    expect(notificationFor({ t: 'conversation', item: started }, [joined], 'a1')).toBeNull();
    expect(notificationFor({ t: 'conversation', item: { ...joined, missed: true } }, [joined], 'a1')).toMatchObject({ kind: 'missed', title: 'Missed conversation: Visitor c1' });
    expect(notificationFor({ t: 'conversation', item: { ...joined, missed: true } }, [{ ...joined, missed: true }], 'a1')).toBeNull();
  });

  it("a visitor's message only in a conversation this agent joined; never agents' messages or the full list", () => {
    const other = conversation('c3');
    const visitorSays = (conversationId: string) => ({ t: 'message', message: message(4, { conversationId, text: 'Any news?' }) }) as const;
    expect(notificationFor(visitorSays('c1'), [joined, other], 'a1')).toMatchObject({ id: 'message:m4', kind: 'message', conversationId: 'c1', body: 'Any news?' });
    expect(notificationFor(visitorSays('c3'), [joined, other], 'a1')).toBeNull();
    expect(notificationFor(visitorSays('c1'), [joined, other], 'someone else')).toBeNull();
    expect(notificationFor({ t: 'message', message: message(5, { author: 'agent' }) }, [joined], 'a1')).toBeNull();
    expect(notificationFor({ t: 'conversations', items: [conversation('c9')], next: null }, [], 'a1')).toBeNull();
  });
});

describe('the count and the title', () => {
  const item = (id: string, conversationId: string) => ({ id, kind: 'message', conversationId, title: id, body: '', at: 0, read: false }) as const;

  it('counts unread items once each, newest first, at most MAX_NOTIFICATIONS', () => {
    let list = withNotification([], item('a', 'c1'));
    list = withNotification(list, item('b', 'c2'));
    expect(withNotification(list, item('a', 'c1'))).toBe(list);
    expect(list.map((n) => n.id)).toEqual(['b', 'a']);
    expect(unreadNotifications(list)).toBe(2);
    expect(unreadNotifications(readConversation(list, 'c1'))).toBe(1);
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
    conversations.replaceConversations([joined]);
    shown.length = 0;
    sent.length = 0;
    beeps = 0;
    pageActive.value = true;
    route.value = { name: 'inbox', conversationId: null };
  });

  it('adds an item and beeps for a new conversation; a desktop notification only when switched on', () => {
    state.noteFrame({ t: 'conversation', item: conversation('c2') }, me);
    expect(state.unreadNotificationCount.value).toBe(1);
    expect(beeps).toBeGreaterThan(0);
    expect(shown).toEqual([]);
    state.noteFrame({ t: 'conversation', item: conversation('c3') }, { ...me, sound: false, desktop: true });
    expect(state.unreadNotificationCount.value).toBe(2);
    expect(shown).toEqual([{ title: 'New conversation: Visitor c3', body: '' }]);
  });

  it('makes nothing of a message in the open conversation while the agent looks at it, an item once they look away', () => {
    conversations.selectConversation('c1');
    const visitorSays = (seq: number) => ({ t: 'message', message: message(seq, { conversationId: 'c1' }) }) as const;
    state.noteFrame(visitorSays(1), me);
    expect(state.notifications.value).toEqual([]);
    expect(beeps).toBe(0);
    pageActive.value = false;
    state.noteFrame(visitorSays(2), me);
    expect(state.unreadNotificationCount.value).toBe(1);
  });

  it('opening an item reads every item of its conversation and opens it', () => {
    state.noteFrame({ t: 'message', message: message(1, { conversationId: 'c1' }) }, me);
    state.noteFrame({ t: 'message', message: message(2, { conversationId: 'c1' }) }, me);
    expect(state.unreadNotificationCount.value).toBe(2);
    state.openNotification(state.notifications.value[0]!);
    expect(state.unreadNotificationCount.value).toBe(0);
    expect(conversations.selectedId.value).toBe('c1');
  });

  it('switches are sent to the server as a me frame', async () => {
    state.setSound(false);
    await state.setDesktop(true);
    expect(sent).toEqual([{ t: 'me', sound: false }, { t: 'me', desktop: true }]);
  });
});
