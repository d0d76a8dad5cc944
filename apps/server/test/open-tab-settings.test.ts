/**
 * A visitor's tab stays open for hours while an admin changes the site: what its messages are
 * judged by (who hears them, the limits, the auto-reply) is the site as it is now, not as it was at hello.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Site } from '../src/ports/store.ts';
import { agentSocket, helloVisitor, signIn, startTestServer, type TestServer, type TestSocket } from './harness.ts';
import { sleep } from './mail-harness.ts';

let server: TestServer;
let site: Site;
const sockets: TestSocket[] = [];

beforeEach(async () => {
  server = await startTestServer();
  const { sites, agents, teams } = server.core;
  await teams.add({ name: 'north', mode: 'collaboration' });
  await teams.add({ name: 'south', mode: 'collaboration' });
  site = await sites.update((await sites.create({ name: 'Shop', origins: ['https://shop.example'] })).key, { settings: { team: 'north' } });
  await agents.add({ email: 'nina@shop.example', name: 'Nina', role: 'agent', teams: ['north'], password: 'password1' });
  await agents.add({ email: 'sam@shop.example', name: 'Sam', role: 'agent', teams: ['south'], password: 'password1' });
});
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.close();
  await server.destroy();
});

async function open<T extends TestSocket>(socket: T) {
  sockets.push(socket);
  return socket;
}
const consoleOf = async (email: string) => {
  const socket = await open(await agentSocket(server, await signIn(server, email, 'password1')));
  await socket.next((f) => f.t === 'visitors');
  return socket;
};
const tab = async () => open((await helloVisitor(server, site)).socket);

it("sends an open tab's messages to the site's team as it is now", async () => {
  const [nina, sam] = [await consoleOf('nina@shop.example'), await consoleOf('sam@shop.example')];
  const visitor = await tab();
  await server.core.sites.update(site.key, { settings: { team: 'south' } });
  visitor.send({ t: 'send', clientId: 'q1', text: 'Still there, south?' });
  await sam.next((f) => f.t === 'message' && f.message.text === 'Still there, south?');
  await sleep(200);
  expect(nina.frames.filter((f) => f.t === 'message')).toEqual([]);
});

it("holds an open tab to the site's limits as they are now", async () => {
  const visitor = await tab();
  await server.core.sites.update(site.key, { settings: { messageBurst: 1, burstWindow: 60 } });
  visitor.send({ t: 'send', clientId: 'a', text: 'one' });
  await visitor.next((f) => f.t === 'ack' && f.clientId === 'a');
  visitor.send({ t: 'send', clientId: 'b', text: 'two' });
  expect(await visitor.next((f) => (f.t === 'ack' || f.t === 'error') && f.clientId === 'b')).toMatchObject({ t: 'error', code: 'rate_limited' });
});

it('gives an open tab the auto-reply the site has now', async () => {
  const visitor = await tab();
  await server.core.sites.update(site.key, { settings: { chat: false, autoReply: 'Back on Monday.' } });
  visitor.send({ t: 'send', clientId: 'a', text: 'Hello?' });
  const reply = await visitor.next((f) => f.t === 'message' && f.message.event === 'autoReply');
  expect(reply.message.params).toEqual({ text: 'Back on Monday.' });
});
