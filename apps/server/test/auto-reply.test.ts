import { eventLine } from '@parley/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Site } from '../src/ports/store.ts';
import { helloVisitor, startTestServer, type TestServer } from './harness.ts';

let server: TestServer;
let site: Site;
beforeEach(async () => {
  server = await startTestServer();
  // No agent: nobody can answer, so every visitor's message lands in a missed conversation.
  site = await server.store.sites.create({ name: 'Shop', origins: ['https://shop.example'] });
});
afterEach(() => server.destroy());

const isAutoReply = (f: any) => f.t === 'message' && f.message.event === 'autoReply';

/** A visitor writes `texts` in order, each acknowledged; returns their socket and conversation. */
async function visitorWrites(...texts: string[]) {
  const { socket } = await helloVisitor(server, site);
  for (const [i, text] of texts.entries()) {
    socket.send({ t: 'send', clientId: `c${i}`, text });
    await socket.next((f) => f.t === 'ack' && f.clientId === `c${i}`);
  }
  const conversationId = socket.frames.find((f) => f.t === 'ack').conversationId as string;
  return { socket, conversationId };
}

describe('the auto-reply', () => {
  it('is sent once, as a code the widget words in the visitor’s language, when the site leaves it empty', async () => {
    const { socket, conversationId } = await visitorWrites('Anyone there?', 'Hello?');
    const reply = (await socket.next(isAutoReply)).message;
    expect(reply).toMatchObject({ author: 'system', event: 'autoReply', params: { text: null }, text: '', authorName: null, seq: 2 });
    expect(socket.frames.filter(isAutoReply)).toHaveLength(1);
    const stored = await server.store.messages.since(conversationId, 0);
    expect(stored.map((m) => m.event)).toEqual([null, 'autoReply', null]);
    // The console reads the same code in English, from protocol's one place for those words.
    expect(eventLine(reply.event, reply.authorName, null, reply.params)).toBe("Auto-reply: Thanks for your message! We're away right now.");
    socket.close();
  });

  it('comes again in the next stretch nobody could answer, once an agent has answered the last', async () => {
    const { socket, conversationId } = await visitorWrites('Anyone there?');
    await socket.next(isAutoReply);
    // Added but never signed in: the agent answers from the store's side while the site stays unavailable.
    const ann = await server.store.agents.create({ email: 'ann@shop.example', name: 'Ann', role: 'admin', passwordHash: 'x' });
    await server.core.messages.postAgentMessage(ann, { conversationId, clientId: 'r1', text: 'Sorry, here now' });
    await socket.next((f) => f.t === 'message' && f.message.text === 'Sorry, here now');
    socket.send({ t: 'send', clientId: 'later', text: 'One more thing' });
    await socket.next((f) => f.t === 'ack' && f.clientId === 'later');
    await socket.next((f) => isAutoReply(f) && f.message.seq > 2);
    expect(socket.frames.filter(isAutoReply)).toHaveLength(2);
    socket.close();
  });

  it("sends the owner's own words as written", async () => {
    site = await server.core.sites.update(site.key, { settings: { autoReply: 'Back on Monday at 9 – Anna' } });
    const { socket } = await visitorWrites('Anyone there?', 'Hello?');
    expect((await socket.next(isAutoReply)).message.params).toEqual({ text: 'Back on Monday at 9 – Anna' });
    expect(socket.frames.filter(isAutoReply)).toHaveLength(1);
    socket.close();
  });

  it("sends none when the site set it off, and the conversation is still missed", async () => {
    site = await server.core.sites.update(site.key, { settings: { autoReply: 'off' } });
    const { socket, conversationId } = await visitorWrites('Anyone there?', 'Hello?');
    expect((await server.store.conversations.byId(conversationId))?.missed).toBe(true);
    expect(socket.frames.filter((f) => f.t === 'message' && f.message.author === 'system')).toEqual([]);
    expect((await server.store.messages.since(conversationId, 0)).map((m) => m.author)).toEqual(['visitor', 'visitor']);
    socket.close();
  });
});
