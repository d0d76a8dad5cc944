/** One console tab's WebSocket: the live lists, history on demand, replies, membership and availability. */
import { agentClientFrame, parseFrame, type Agent, type AgentServerFrame } from '@parley/protocol';
import type { WebSocket } from 'ws';
import type { Deps } from '../../core/deps.ts';
import { NotFoundError } from '../../ports/errors.ts';
import { FrameError, frameQueue } from './frame-queue.ts';

/** How many conversations the console gets on connect; older ones come with search, later. */
const LIST_LIMIT = 500;

export async function agentSession(ws: WebSocket, signedIn: Agent, { store, hub, chat, visitors, agents, tasks }: Deps) {
  let agent = signedIn;
  const connection = {
    send(text: string) {
      if (ws.readyState === ws.OPEN) ws.send(text);
    },
  };
  const send = (frame: AgentServerFrame) => connection.send(JSON.stringify(frame));
  const ack = (clientId: string, { message }: { message: { id: string; seq: number; conversationId: string; at: number } }) =>
    send({ t: 'ack', clientId, id: message.id, seq: message.seq, conversationId: message.conversationId, at: message.at });
  /** A reply that could not be stored is reported against its client id, so the console can offer a retry. */
  const refused = (clientId: string) => (error: unknown) => {
    send({ t: 'error', code: error instanceof NotFoundError ? 'not_found' : 'internal', message: `Not sent: ${(error as Error).message}`, clientId });
    throw error;
  };

  const handle = async (text: string) => {
    const parsed = parseFrame(agentClientFrame, text);
    if (!parsed.ok) throw new FrameError('bad_frame', parsed.message);
    const frame = parsed.value;
    switch (frame.t) {
      case 'open': {
        if (!(await store.conversation(frame.conversationId))) throw new FrameError('not_found', `No conversation has the id ${frame.conversationId}.`);
        return send({ t: 'history', conversationId: frame.conversationId, messages: await store.messagesSince(frame.conversationId, frame.since) });
      }
      case 'send':
        return ack(frame.clientId, await chat.postAgentMessage(agent, frame).catch(refused(frame.clientId)));
      case 'start':
        return ack(frame.clientId, await chat.startConversation(agent, frame).catch(refused(frame.clientId)));
      case 'typing': {
        const conversation = await store.conversation(frame.conversationId);
        if (conversation) hub.toVisitor(conversation.visitorId, { t: 'typing', on: frame.on, name: agent.name });
        return;
      }
      case 'join':
        await store.join(frame.conversationId, agent.id);
        return chat.publishConversation(frame.conversationId);
      case 'leave':
        await store.leave(frame.conversationId, agent.id);
        return chat.publishConversation(frame.conversationId);
      case 'close':
        await store.closeConversation(frame.conversationId, Date.now());
        return chat.publishConversation(frame.conversationId);
      case 'me': {
        const { t: _, ...patch } = frame;
        agent = await agents.update(agent.id, patch);
        return;
      }
      case 'visitor': {
        const { t: _, visitorId, ...fields } = frame;
        if (!(await store.visitorProfile(visitorId))) throw new FrameError('not_found', `No visitor has the id ${visitorId}.`);
        // An empty field clears it.
        const patch = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined).map(([key, value]) => [key, value || null]));
        const updated = await store.updateVisitor(visitorId, patch);
        hub.toVisitor(visitorId, { t: 'profile', name: updated.name, email: updated.email });
        return visitors.publish(visitorId);
      }
    }
  };

  const enqueue = frameQueue(tasks, send);
  ws.on('message', (data, isBinary) => {
    if (isBinary) return send({ t: 'error', code: 'bad_frame', message: 'Frames are JSON text.' });
    enqueue(() => handle(data.toString()));
  });
  const leaveHub = hub.addAgent(agent.id, connection);
  ws.on('close', () => {
    leaveHub();
    enqueue(() => agents.disconnected(agent));
  });
  send({ t: 'me', agent });
  send({ t: 'conversations', items: await chat.listConversations(LIST_LIMIT) });
  send({ t: 'visitors', items: await visitors.online() });
  await agents.connected(agent.id);
}
