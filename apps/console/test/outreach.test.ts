import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { AgentClientFrame, PendingMessage } from '@parley/protocol';

const sent: AgentClientFrame[] = [];
vi.mock('../src/state/socket.ts', () => ({
  sendFrame: (frame: AgentClientFrame) => {
    sent.push(frame);
    return true;
  },
}));
vi.mock('../src/state/router.ts', async () => {
  const { signal } = await import('@preact/signals');
  return { route: signal({ name: 'inbox', conversationId: null }), goToConversation: () => {} };
});

/** The server as fetch sees it: each call recorded, answered by `answer`. */
const requests: { method: string; url: string; body: any }[] = [];
let answer: (method: string, url: string) => { status: number; body: unknown } = () => ({ status: 200, body: {} });
vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
  requests.push({ method: init.method ?? 'GET', url, body: init.body ? JSON.parse(String(init.body)) : undefined });
  const { status, body } = answer(init.method ?? 'GET', url);
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
});

const start = await import('../src/state/start-chat.ts');
const pending = await import('../src/state/pending-messages.ts');
const { notice, dismissNotice } = await import('../src/state/notice.ts');

const item = (id: string): PendingMessage => ({ id, visitorId: 'v1', visitorName: 'Ada', text: 'Back in stock!', sendAt: 2e12, agentId: 'a1', agentName: 'Ann', status: 'pending', createdAt: 1 });
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

beforeEach(() => {
  sent.length = 0;
  requests.length = 0;
  start.cancelStartChat();
  pending.resetPendingMessages();
  dismissNotice();
});

describe('scheduling a message', () => {
  it('posts it with its time over HTTP, not as a start frame, then closes and refreshes Pending messages', async () => {
    answer = (method) => (method === 'POST' ? { status: 200, body: { pending: item('p1') } } : { status: 200, body: { items: [item('p1')] } });
    start.openStartChat('v1');
    start.setStartText(' Back in stock! ');
    start.setStartSendAt('2033-05-18T10:00');
    start.sendStartChat();
    expect(start.unackedStart()).toEqual([]);
    await settle();
    await settle();
    expect(sent).toEqual([]);
    expect(requests[0]).toMatchObject({ method: 'POST', url: '/api/visitors/v1/messages', body: { text: 'Back in stock!', sendAt: new Date('2033-05-18T10:00').getTime() } });
    expect(start.startChat.value).toBeNull();
    expect(notice.value).toMatch(/^Message scheduled for /);
    expect(pending.pendingMessages.value.items).toEqual([item('p1')]);
  });

  it("keeps the text and shows the server's refusal", async () => {
    answer = () => ({ status: 409, body: { error: { code: 'conflict', message: 'Ada has no email address we may write to.' } } });
    start.openStartChat('v1');
    start.setStartText('Back in stock!');
    start.setStartSendAt('2033-05-18T10:00');
    start.sendStartChat();
    await settle();
    await settle();
    expect(start.startChat.value).toMatchObject({ text: 'Back in stock!', clientId: null, error: 'Ada has no email address we may write to.' });
  });
});

describe('pending messages', () => {
  it('cancels one and reloads the list, showing why a cancel was refused', async () => {
    let listed = [item('p1'), item('p2')];
    answer = (method, url) => {
      if (method === 'GET') return { status: 200, body: { items: listed } };
      if (url.endsWith('/p1/cancel')) {
        listed = [item('p2')];
        return { status: 200, body: { item: { ...item('p1'), status: 'cancelled' } } };
      }
      listed = [];
      return { status: 409, body: { error: { code: 'conflict', message: 'That message was sent already.' } } };
    };
    await pending.loadPendingMessages();
    await pending.cancelPending('p1');
    expect(pending.pendingMessages.value).toEqual({ items: [item('p2')], error: null, cancelling: null });
    await pending.cancelPending('p2');
    expect(pending.pendingMessages.value).toEqual({ items: [], error: 'That message was sent already.', cancelling: null });
  });
});
