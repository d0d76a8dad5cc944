/**
 * Found by the fuzzer: a visitor who left with a reply unseen booked the fallback job for now; the
 * job, not yet due, booked itself again for later with keepEarlier, which kept the past deadline, so
 * the runner claimed it again at once, in a loop of promises that never let a timer or socket run:
 * the whole server froze until the email was due (emailDelay, 120 s by default).
 */
import { nanoid } from 'nanoid';
import { afterEach, expect, it } from 'vitest';
import { helloVisitor, startTestServer, type TestServer, type TestSocket } from './harness.ts';
import { FAST_MAIL, mailSite, reply, sleep } from './mail-harness.ts';

let server: TestServer;
let agent: TestSocket;
afterEach(async () => {
  agent?.close();
  await server.destroy();
});

it('a visitor who leaves with a reply unseen does not freeze the server until the email is due', async () => {
  server = await startTestServer(undefined, {}, FAST_MAIL);
  const { site, agent: ann } = await mailSite(server, 5);
  agent = ann;
  const { socket } = await helloVisitor(server, site);
  socket.send({ t: 'identify', email: 'ada@example.com' });
  socket.send({ t: 'send', clientId: nanoid(), text: 'Where is my order?' });
  const { conversationId } = await socket.next((f) => f.t === 'ack');
  await reply(agent, conversationId, 'Let me check.');
  socket.close();
  const closedAt = Date.now();
  await sleep(300);
  expect(Date.now() - closedAt).toBeLessThan(1500);
  expect((await fetch(`${server.url}/healthz`, { signal: AbortSignal.timeout(2000) })).status).toBe(200);
});
