/** One console tab's WebSocket: the live conversation list, history on demand, replies and membership. */
import { agentClientFrame, parseFrame, type Agent, type AgentServerFrame } from '@parley/protocol';
import type { WebSocket } from 'ws';
import type { Deps } from '../deps.ts';
import { NotFoundError } from '../store/errors.ts';
import { FrameError, frameQueue } from './frame-queue.ts';

/** How many conversations the console gets on connect; older ones come with search, later. */
const LIST_LIMIT = 500;

export async function agentSession(ws: WebSocket, agent: Agent, { store, hub, chat }: Deps) {
  const connection = {
    send(text: string) {
      if (ws.readyState === ws.OPEN) ws.send(text);
    },
  };
  const send = (frame: AgentServerFrame) => connection.send(JSON.stringify(frame));

  const handle = async (text: string) => {
    const parsed = parseFrame(agentClientFrame, text);
    if (!parsed.ok) throw new FrameError('bad_frame', parsed.message);
    const frame = parsed.value;
    switch (frame.t) {
      case 'open': {
        if (!(await store.conversation(frame.conversationId))) throw new FrameError('not_found', `No conversation has the id ${frame.conversationId}.`);
        return send({ t: 'history', conversationId: frame.conversationId, messages: await store.messagesSince(frame.conversationId, frame.since) });
      }
      case 'send': {
        const { message } = await chat.postAgentMessage(agent, frame).catch((error: unknown) => {
          send({ t: 'error', code: error instanceof NotFoundError ? 'not_found' : 'internal', message: `The reply was not stored: ${(error as Error).message}`, clientId: frame.clientId });
          throw error;
        });
        return send({ t: 'ack', clientId: frame.clientId, id: message.id, seq: message.seq, conversationId: message.conversationId, at: message.at });
      }
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
    }
  };

  const enqueue = frameQueue(handle, send);
  ws.on('message', (data, isBinary) => {
    if (isBinary) return send({ t: 'error', code: 'bad_frame', message: 'Frames are JSON text.' });
    enqueue(data.toString());
  });
  const leaveHub = hub.addAgent(agent.id, connection);
  ws.on('close', leaveHub);
  send({ t: 'conversations', items: await chat.listConversations(LIST_LIMIT) });
}
