/**
 * From a status deadline passing to its list line on an agent's socket, on the real clock and the
 * server's own job polling (not the tests' fast one): the runner sleeps until the next deadline.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { hashPassword } from '../src/core/auth/password.ts';
import type { Site } from '../src/ports/store.ts';
import { agentSocket, helloVisitor, signIn, startTestServer, type TestServer, type TestSocket } from './harness.ts';

let server: TestServer;
let site: Site;
let agent: TestSocket;

beforeEach(async () => {
  server = await startTestServer();
  const created = await server.store.sites.create({ name: 'Shop', origins: ['https://shop.example'] });
  site = await server.core.sites.update(created.key, { settings: { soonAfter: 1, overdueAfter: 2 } });
  const ann = await server.store.agents.create({ email: 'ann@shop.example', name: 'Ann', role: 'admin', passwordHash: await hashPassword('correct horse') });
  await server.store.agents.update(ann.id, { lastSeenAt: Date.now() });
  agent = await agentSocket(server, await signIn(server, 'ann@shop.example', 'correct horse'));
  await agent.next((f) => f.t === 'conversations');
});
afterEach(async () => {
  agent.close();
  await server.destroy();
});

it('shows soon and overdue on an agent socket within a second of their deadlines', async () => {
  const tab = await helloVisitor(server, site);
  tab.socket.send({ t: 'send', clientId: 'v1', text: 'Hello?' });
  const { conversationId } = await tab.socket.next((f) => f.t === 'ack');
  const arrivals: Record<string, number> = {};
  agent.ws.on('message', (data) => {
    const frame = JSON.parse(data.toString());
    if (frame.t === 'conversation' && frame.item.id === conversationId) arrivals[frame.item.urgency] ??= Date.now();
  });
  const { waitingSince } = (await agent.next((f) => f.t === 'conversation' && f.item.id === conversationId)).item;
  await agent.next((f) => f.t === 'conversation' && f.item.urgency === 'overdue', 4000);
  const soon = arrivals.soon! - (waitingSince + 1000);
  const overdue = arrivals.overdue! - (waitingSince + 2000);
  console.log(`deadline passed → list line on the agent's socket: soon ${soon} ms, overdue ${overdue} ms`);
  for (const latency of [soon, overdue]) {
    expect(latency).toBeGreaterThanOrEqual(0);
    expect(latency).toBeLessThan(1000);
  }
  tab.socket.close();
});
