/** One console tab's WebSocket: the live conversation list, history on demand, replies and membership. */
import { agentClientFrame, parseFrame, type Agent, type AgentServerFrame } from '@parley/protocol';
import type { WebSocket } from 'ws';
import type { Deps } from '../deps.ts';
import { FrameError, frameQueue } from './frame-queue.ts';

/** How many conversations the console gets on connect; older ones come with search, later. */
const LIST_LIMIT = 500;

export async function agentSession(ws: WebSocket, agent: Agent, { store, hub }: Deps) {
  const connection = {
    send(text: string) {
      if (ws.readyState === ws.OPEN) ws.send(text);
    },
  };
  const send = (frame: AgentServerFrame) => connection.send(JSON.stringify(frame));

  const publishConversation = async (conversationId: string) => {
    const item = await store.summary(conversationId);
    if (item) hub.toAgents({ t: 'conversation', item });
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
      case 'send': {
        const { message, conversation, created } = await store
          .appendAgentMessage({ conversationId: frame.conversationId, agentId: agent.id, clientId: frame.clientId, text: frame.text, at: Date.now() })
          .catch((error: unknown) => {
            send({ t: 'error', code: 'not_found', message: 'The reply was not stored.', clientId: frame.clientId });
            throw error;
          });
        send({ t: 'ack', clientId: frame.clientId, id: message.id, seq: message.seq, conversationId: message.conversationId, at: message.at });
        if (!created) return;
        hub.toAgents({ t: 'message', message });
        hub.toVisitor(conversation.visitorId, { t: 'message', message });
        return publishConversation(conversation.id);
      }
      case 'typing': {
        const conversation = await store.conversation(frame.conversationId);
        if (conversation) hub.toVisitor(conversation.visitorId, { t: 'typing', on: frame.on, name: agent.name });
        return;
      }
      case 'join':
        await store.join(frame.conversationId, agent.id);
        return publishConversation(frame.conversationId);
      case 'leave':
        await store.leave(frame.conversationId, agent.id);
        return publishConversation(frame.conversationId);
      case 'close':
        await store.closeConversation(frame.conversationId, Date.now());
        return publishConversation(frame.conversationId);
    }
  };

  const enqueue = frameQueue(handle, send);
  ws.on('message', (data, isBinary) => {
    if (isBinary) return send({ t: 'error', code: 'bad_frame', message: 'Frames are JSON text.' });
    enqueue(data.toString());
  });
  const leaveHub = hub.addAgent(agent.id, connection);
  ws.on('close', leaveHub);
  send({ t: 'conversations', items: await store.listConversations(LIST_LIMIT) });
}
