/** Issue 11, item 1: the fallback email names a file an agent sent, as text, and links only to the chat, never to the file. */
import { expect, it } from 'vitest';
import { fallbackContent } from '../src/core/mail/content.ts';
import type { Message } from '../src/ports/store.ts';

const message = (over: Partial<Message>): Message => ({
  id: 'm1', conversationId: 'c1', seq: 1, clientId: 'x', author: 'agent', agentId: 'a1', agentName: 'Ann', event: null, subjectAgentId: null, subjectName: null,
  text: '', at: 0, email: null, attachment: null, call: null, params: null, ...over,
});

it('names the file and its size, escaped and inert, with the chat link and no file address', () => {
  const attachment = { id: 'f'.repeat(21), name: '<b>shop.example</b>.pdf', size: 2_400_000, type: 'application/pdf', image: false };
  const draft = {
    conversationId: 'c1', visitorId: 'v1', siteName: 'Shop', to: { address: 'ada@example.com', name: null }, timeZone: null,
    version: { lastSeq: 1, visitorSeenSeq: 0, emailedSeq: 0 }, context: [], earlierEmails: [],
    unseen: [message({ text: attachment.name, attachment })],
  };
  const { text, html } = fallbackContent(draft, { continueUrl: 'https://chat.example/c/TOKEN', unsubscribeUrl: 'https://chat.example/u/U', repliesByEmail: false });
  expect(text).toContain('Sent a file: <b>shop[.]example</b>.pdf (2.4 MB). Open the chat to see it.');
  expect(html).toContain('Sent a file: &#60;b&#62;shop[.]example&#60;/b&#62;.pdf (2.4 MB)');
  expect(html).not.toContain('<b>');
  for (const part of [text, html]) {
    expect(part).toContain('https://chat.example/c/TOKEN');
    expect(part).not.toContain('/api/files');
    expect(part).not.toContain(attachment.id);
  }
});
