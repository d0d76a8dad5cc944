/**
 * Receipts over real sockets, both ways: an agent's reply is delivered once the widget confirms
 * it and seen once the widget showed it; a visitor's message is delivered once a console got it
 * and seen once an agent had it open. Marks never fall, go live to both sides, survive a reload
 * (welcome and list line), and the visitor's seen still holds back the email fallback.
 */
import { NO_RECEIPTS } from '@parley/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashPassword } from '../src/core/auth/password.ts';
import type { Site } from '../src/ports/store.ts';
import { agentSocket, helloVisitor, signIn, startTestServer, type TestServer } from './harness.ts';

let server: TestServer;
let site: Site;

beforeEach(async () => {
  server = await startTestServer();
  site = await server.store.sites.create({ name: 'Shop', origins: ['https://shop.example'] });
  const ann = await server.store.agents.create({ email: 'ann@shop.example', name: 'Ann', role: 'admin', passwordHash: await hashPassword('correct horse') });
  await server.store.agents.update(ann.id, { lastSeenAt: Date.now() });
});
afterEach(() => server.destroy());

async function chat() {
  const agent = await agentSocket(server, await signIn(server, 'ann@shop.example', 'correct horse'));
  await agent.next((f) => f.t === 'conversations');
  const { socket: visitor, welcome } = await helloVisitor(server, site);
  expect(welcome.receipts).toEqual(NO_RECEIPTS);
  visitor.send({ t: 'send', clientId: 'v1', text: 'Where is my order?' });
  const { conversationId, seq: question } = await visitor.next((f) => f.t === 'ack');
  agent.send({ t: 'send', conversationId, clientId: 'a1', text: 'Let me check.' });
  const { seq: answer } = await agent.next((f) => f.t === 'ack');
  return { agent, visitor, conversationId, question, answer, token: welcome.token as string };
}

const receiptsFrame = (conversationId: string, match: (r: typeof NO_RECEIPTS) => boolean) => (f: any) => f.t === 'receipts' && f.conversationId === conversationId && match(f.receipts);

describe('receipts', () => {
  it("an agent's reply: delivered when the widget got it, seen when it showed it, live on both sockets", async () => {
    const { agent, visitor, conversationId, answer } = await chat();
    await visitor.next((f) => f.t === 'message' && f.message.seq === answer);
    visitor.send({ t: 'delivered', seq: answer });
    const delivered = await agent.next(receiptsFrame(conversationId, (r) => r.visitorDelivered === answer));
    expect(delivered.receipts).toMatchObject({ visitorDelivered: answer, visitorSeen: 0 });
    await visitor.next(receiptsFrame(conversationId, (r) => r.visitorDelivered === answer));

    visitor.send({ t: 'seen', seq: answer });
    await agent.next(receiptsFrame(conversationId, (r) => r.visitorSeen === answer));
    expect((await server.store.conversations.byId(conversationId))?.visitorSeenSeq).toBe(answer);
    agent.close();
    visitor.close();
  });

  it("a visitor's message: delivered when a console got it, seen when an agent had it open", async () => {
    const { agent, visitor, conversationId, question } = await chat();
    agent.send({ t: 'delivered', conversationId, seq: question });
    await visitor.next(receiptsFrame(conversationId, (r) => r.agentDelivered === question && r.agentSeen === 0));
    agent.send({ t: 'seen', conversationId, seq: question });
    await visitor.next(receiptsFrame(conversationId, (r) => r.agentSeen === question));
    agent.close();
    visitor.close();
  });

  it('never lowers a mark nor raises one past the last message, and a reload gets them in the welcome and the list', async () => {
    const { agent, visitor, conversationId, answer, token } = await chat();
    visitor.send({ t: 'seen', seq: 99 });
    await agent.next(receiptsFrame(conversationId, (r) => r.visitorSeen === answer));
    const heard = () => agent.frames.filter((f) => f.t === 'receipts').length;
    const before = heard();
    // Past the write window, so a lower mark would be written if the store took it.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    visitor.send({ t: 'seen', seq: 1 });
    visitor.send({ t: 'delivered', seq: answer });
    await agent.next(receiptsFrame(conversationId, (r) => r.visitorDelivered === answer));
    expect(agent.frames.filter((f) => f.t === 'receipts').slice(before).every((f) => f.receipts.visitorSeen === answer)).toBe(true);
    visitor.close();

    const again = await helloVisitor(server, site, { token });
    expect(again.welcome.receipts).toMatchObject({ visitorDelivered: answer, visitorSeen: answer });
    const reloaded = await agentSocket(server, await signIn(server, 'ann@shop.example', 'correct horse'));
    const list = await reloaded.next((f) => f.t === 'conversations');
    expect(list.items.find((c: { id: string }) => c.id === conversationId).receipts).toMatchObject({ visitorDelivered: answer, visitorSeen: answer });
    for (const socket of [agent, again.socket, reloaded]) socket.close();
  });

  it("refuses an agent's marks on a conversation they may not see", async () => {
    const { agent, visitor, conversationId, question } = await chat();
    await server.store.teams.create({ name: 'Sales', mode: 'collaboration' });
    await server.store.teams.create({ name: 'Other', mode: 'collaboration' });
    await server.store.sites.update(site.key, { settings: { ...site.settings, team: 'Sales' } });
    await server.store.agents.create({ email: 'bob@shop.example', name: 'Bob', role: 'agent', teams: ['Other'], passwordHash: await hashPassword('correct horse') });
    const bob = await agentSocket(server, await signIn(server, 'bob@shop.example', 'correct horse'));
    await bob.next((f) => f.t === 'conversations');
    bob.send({ t: 'delivered', conversationId, seq: question });
    expect(await bob.next((f) => f.t === 'error')).toMatchObject({ code: 'not_found' });
    expect((await server.store.conversations.byId(conversationId))?.agentDeliveredSeq).toBe(0);
    for (const socket of [agent, visitor, bob]) socket.close();
  });
});
