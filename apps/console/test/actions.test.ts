import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { AgentClientFrame } from '@parley/protocol';
import { conversation, message, visitor } from './fixtures.ts';

const sent: AgentClientFrame[] = [];
const navigated: string[] = [];
vi.mock('../src/state/socket.ts', () => ({
  sendFrame: (frame: AgentClientFrame) => {
    sent.push(frame);
    return true;
  },
}));
vi.mock('../src/state/router.ts', async () => {
  const { signal } = await import('@preact/signals');
  return {
    route: signal({ name: 'inbox', conversationId: null }),
    goToConversation: (id: string) => navigated.push(id),
  };
});

const conversations = await import('../src/state/conversations.ts');
const start = await import('../src/state/start-chat.ts');
const edit = await import('../src/state/visitor-edit.ts');
const messages = await import('../src/state/messages.ts');

beforeEach(() => {
  sent.length = 0;
  navigated.length = 0;
  conversations.resetConversations();
  start.cancelStartChat();
  edit.cancelDetails();
  messages.resetMessages();
});

describe('start chat', () => {
  function sendHello() {
    start.openStartChat('v1');
    start.setStartText(' hello ');
    start.sendStartChat();
    const frame = sent[0] as Extract<AgentClientFrame, { t: 'start' }>;
    expect(frame).toMatchObject({ t: 'start', visitorId: 'v1', text: 'hello' });
    return frame.clientId;
  }

  it('selects the conversation once the ack named it and it is listed', () => {
    const clientId = sendHello();
    start.applyStartAck({ clientId, conversationId: 'c9' });
    expect(navigated).toEqual([]);
    conversations.upsert(conversation('c9'));
    start.noteListed();
    expect(navigated).toEqual(['c9']);
    expect(start.startChat.value).toBeNull();
  });

  it('selects at once when the conversation came before the ack', () => {
    const clientId = sendHello();
    conversations.upsert(conversation('c9'));
    start.noteListed();
    start.applyStartAck({ clientId, conversationId: 'c9' });
    expect(navigated).toEqual(['c9']);
  });

  it('ignores acks of other sends and sends once while waiting', () => {
    sendHello();
    start.sendStartChat();
    start.applyStartAck({ clientId: 'other', conversationId: 'c9' });
    expect(sent).toHaveLength(1);
    expect(start.startChat.value?.conversationId).toBeNull();
  });

  it('gives an unacked start to re-send with its clientId after a reconnection', () => {
    const clientId = sendHello();
    expect(start.unackedStart()).toEqual([{ t: 'start', visitorId: 'v1', clientId, text: 'hello' }]);
    start.applyStartAck({ clientId, conversationId: 'c9' });
    expect(start.unackedStart()).toEqual([]);
  });

  it('keeps the text for another try when refused', () => {
    const clientId = sendHello();
    expect(start.failStartChat('other', 'nope')).toBe(false);
    expect(start.failStartChat(clientId, 'The visitor left.')).toBe(true);
    expect(start.startChat.value).toMatchObject({ text: ' hello ', clientId: null, error: 'The visitor left.' });
  });
});

describe('customer details', () => {
  it('does not send what the server would refuse', () => {
    edit.editDetails('v1');
    edit.saveDetails({ name: 'Ana', email: 'not an address', phone: '' });
    expect(sent).toEqual([]);
    expect(edit.detailsEdit.value?.error).toBe('That email address does not look right.');
  });

  it('sends trimmed fields and closes when the visitor holds them', () => {
    edit.editDetails('v1');
    edit.saveDetails({ name: ' Ana ', email: 'Ana@Example.com', phone: '' });
    expect(sent).toEqual([{ t: 'visitor', visitorId: 'v1', name: 'Ana', email: 'Ana@Example.com', phone: '' }]);
    edit.applySavedVisitor(visitor('v1', { name: 'Someone else' }));
    expect(edit.detailsEdit.value?.saving).not.toBeNull();
    edit.applySavedVisitor(visitor('v1', { name: 'Ana', email: 'ana@example.com', phone: null }));
    expect(edit.detailsEdit.value).toBeNull();
  });

  it('takes an error frame while saving as the answer', () => {
    expect(edit.failDetails('unrelated')).toBe(false);
    edit.editDetails('v1');
    edit.saveDetails({ name: 'Ana', email: '', phone: '' });
    expect(edit.failDetails('Not allowed.')).toBe(true);
    expect(edit.detailsEdit.value).toMatchObject({ saving: null, error: 'Not allowed.' });
  });
});

describe('email frames', () => {
  it('update the held messages they name', () => {
    messages.applyHistory('c1', [message(1), message(2, { author: 'agent' })]);
    messages.applyEmail('c1', ['m2'], { status: 'failed', error: 'mailbox full' });
    expect(messages.threads.value.c1!.map((m) => m.email?.status ?? null)).toEqual([null, 'failed']);
    messages.applyEmail('c2', ['m2'], { status: 'sent', error: null });
    expect(messages.threads.value.c2).toBeUndefined();
  });
});
