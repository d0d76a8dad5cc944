/**
 * One console tab's WebSocket: the live lists, history on demand, replies, membership and
 * availability, each a core command. It lives only as long as the session it was opened with.
 */
import { agentClientFrame, type AgentServerFrame, CLOSE } from '@parley/protocol';
import { nanoid } from 'nanoid';
import type { WebSocket } from 'ws';
import { agentTopics } from '../../core/audience.ts';
import type { Core } from '../../core/index.ts';
import { agentView } from '../../core/views.ts';
import type { AgentSession } from '../http/session.ts';
import { frameOf, frameQueue, readFrame } from './frame-queue.ts';

export function agentSession(ws: WebSocket, session: AgentSession, core: Core) {
  let { agent } = session;
  const connection = nanoid();
  const sendText = (text: string) => {
    if (ws.readyState === ws.OPEN) ws.send(text);
  };
  const send = (frame: AgentServerFrame) => sendText(JSON.stringify(frame));
  const ack = (clientId: string, { message }: { message: { id: string; seq: number; conversationId: string; at: number } }) =>
    send({ t: 'ack', clientId, id: message.id, seq: message.seq, conversationId: message.conversationId, at: message.at });

  const handle = async (json: unknown) => {
    // Closing (its session ended): what it sent meanwhile is not acted on.
    if (ws.readyState !== ws.OPEN) return;
    const frame = frameOf(agentClientFrame, json);
    switch (frame.t) {
      case 'open':
        return send({ t: 'history', conversationId: frame.conversationId, messages: await core.conversations.history(agent, frame.conversationId, frame.since) });
      case 'send':
        return ack(frame.clientId, await core.messages.postAgentMessage(agent, frame));
      case 'start':
        return ack(frame.clientId, await core.messages.startConversation(agent, frame));
      case 'typing':
        return core.conversations.agentTyping(agent, frame.conversationId, frame.on);
      case 'join':
        return core.conversations.join(agent, frame.conversationId);
      case 'leave':
        return core.conversations.leave(agent, frame.conversationId);
      case 'close':
        return core.conversations.close(agent, frame.conversationId, frame.message);
      case 'assign':
        return core.conversations.assign(agent, frame.conversationId, frame.agentId);
      case 'read':
        return core.notifications.read(agent, frame.ids);
      case 'seen':
        return core.notifications.seen(agent, frame.conversationId, frame.seq);
      case 'me': {
        const { t: _, ...patch } = frame;
        agent = await core.agents.update(agent.id, patch);
        return;
      }
      case 'visitor': {
        const { t: _, visitorId, ...fields } = frame;
        return core.visitors.edit(agent, visitorId, fields);
      }
    }
  };

  /** Closes the socket once its session ended (signed out, disabled, new password), or its rights changed (role, teams). */
  const recheck = async () => {
    if (ws.readyState !== ws.OPEN) return;
    const state = await core.auth.sessionState(session.token, agent);
    if (state === 'ended') ws.close(CLOSE.unauthorized, 'Your session ended. Sign in again.');
    if (state === 'changed') ws.close(CLOSE.rightsChanged, 'Your role or teams changed: reconnecting.');
  };
  // Listening before the first check: a session ended between the upgrade and now is still caught.
  const stopRechecks = core.onRevocation(() => void core.tasks.track(recheck().catch((error: unknown) => console.error(error))));

  // Subscribed before the lists are read: nothing that changes meanwhile is missed, at worst heard twice.
  const subscription = core.subscribe(agentTopics(agent), sendText);
  const enqueue = frameQueue(core.tasks, send);
  // First in this socket's queue, so its close is never handled before its arrival.
  enqueue(async () => {
    await recheck();
    if (ws.readyState !== ws.OPEN) return;
    send({ t: 'me', agent: agentView(agent) });
    send({ t: 'teams', items: await core.teams.list() });
    const conversations = await core.conversations.list(agent);
    const { items, unread, seen } = await core.notifications.connect(agent, conversations.map((c) => c.id));
    send({ t: 'notifications', items, unread });
    send({ t: 'seen', items: seen });
    send({ t: 'conversations', items: conversations });
    send({ t: 'visitors', items: await core.visitors.online(agent) });
    await core.agents.connected(agent, connection);
  });
  ws.on('message', (data, isBinary) => {
    if (isBinary) return send({ t: 'error', code: 'bad_frame', message: 'Frames are JSON text.' });
    const { json, clientId } = readFrame(data.toString());
    enqueue(() => handle(json), clientId);
  });
  ws.on('close', () => {
    stopRechecks();
    subscription.close();
    enqueue(() => core.agents.disconnected(agent.id, connection));
  });
}
