/**
 * One console tab's WebSocket: the live lists, history on demand, replies, membership and
 * availability, each a core command. It lives only as long as the session it was opened with.
 */
import { agentClientFrame, type AgentServerFrame, CLOSE, COUNTS_REFRESH_MS, DEFAULT_LIST_QUERY, type ListQuery } from '@parley/protocol';
import { nanoid } from 'nanoid';
import type { WebSocket } from 'ws';
import { agentTopics } from '../../core/audience.ts';
import type { Core } from '../../core/index.ts';
import { agentView } from '../../core/views.ts';
import type { AgentSession } from '../http/session.ts';
import { frameOf, frameQueue, readFrame } from './frame-queue.ts';

/**
 * A frame that changes what the list counts. Frames are serialized from object literals that name
 * `t` first (core/events.ts), so the type is read without parsing the frame.
 */
const COUNTED = /^\{"t":"(conversation|removed)"/;

export function agentSession(ws: WebSocket, session: AgentSession, core: Core) {
  let { agent } = session;
  /** The list the console shows: what its counts are of. */
  let query: ListQuery = DEFAULT_LIST_QUERY;
  const connection = nanoid();
  const sendText = (text: string) => {
    if (ws.readyState === ws.OPEN) ws.send(text);
  };
  const send = (frame: AgentServerFrame) => sendText(JSON.stringify(frame));
  const ack = (clientId: string, { message }: { message: { id: string; seq: number; conversationId: string; at: number } }) =>
    send({ t: 'ack', clientId, id: message.id, seq: message.seq, conversationId: message.conversationId, at: message.at });

  const sendCounts = async () => send({ t: 'counts', query, counts: await core.list.counts(agent, query) });

  const handle = async (json: unknown) => {
    // Closing (its session ended): what it sent meanwhile is not acted on.
    if (ws.readyState !== ws.OPEN) return;
    const frame = frameOf(agentClientFrame, json);
    switch (frame.t) {
      case 'list': {
        const { t: _, after = null, view, status = null, team = null, site = null } = frame;
        const asked = { view, status, team, site };
        // A first page starts a new list: the counts follow it from now on.
        if (!after) query = asked;
        send({ t: 'page', query: asked, after, ...(await core.list.page(agent, asked, after)) });
        return after ? undefined : sendCounts();
      }
      case 'open':
        return send({ t: 'history', conversationId: frame.conversationId, ...(await core.conversations.history(agent, frame.conversationId, frame.since)) });
      case 'older': {
        const { conversationId, before, limit } = frame;
        return send({ t: 'older', conversationId, before, ...(await core.conversations.older(agent, conversationId, before, limit)) });
      }
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
        await core.notifications.seen(agent, frame.conversationId, frame.seq);
        return core.receipts.agent(agent, frame.conversationId, 'agentSeenSeq', frame.seq);
      case 'delivered':
        return core.receipts.agent(agent, frame.conversationId, 'agentDeliveredSeq', frame.seq);
      case 'me': {
        const { t: _, ...patch } = frame;
        agent = await core.agents.update(agent.id, patch);
        return;
      }
      case 'visitor': {
        const { t: _, visitorId, ...fields } = frame;
        return core.visitors.edit(agent, visitorId, fields);
      }
      case 'contexts':
        return send({ t: 'contexts', visitorId: frame.visitorId, records: await core.contextRecords.list(agent, frame.visitorId) });
      case 'context':
        return core.contextRecords.add(agent, frame.visitorId, frame.record);
      case 'uncontext':
        return core.contextRecords.remove(agent, frame.visitorId, frame.type, frame.id);
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

  const enqueue = frameQueue(core.tasks, send);
  /** Once a change is heard, the counts go COUNTS_REFRESH_MS later, in this socket's queue: one recount however many changes came meanwhile. */
  let recount: ReturnType<typeof setTimeout> | null = null;
  const heard = (text: string) => {
    sendText(text);
    if (recount || !COUNTED.test(text)) return;
    recount = setTimeout(() => {
      recount = null;
      enqueue(sendCounts);
    }, COUNTS_REFRESH_MS);
  };
  // Subscribed before the lists are read: nothing that changes meanwhile is missed, at worst heard twice.
  const subscription = core.subscribe(agentTopics(agent), heard);
  // First in this socket's queue, so its close is never handled before its arrival.
  enqueue(async () => {
    await recheck();
    if (ws.readyState !== ws.OPEN) return;
    send({ t: 'me', agent: agentView(agent) });
    send({ t: 'teams', items: await core.teams.list() });
    send({ t: 'sites', items: await core.list.sites(agent) });
    const page = await core.list.page(agent);
    const { items, unread, seen } = await core.notifications.connect(agent, page.items.map((c) => c.id));
    send({ t: 'notifications', items, unread });
    send({ t: 'seen', items: seen });
    send({ t: 'conversations', ...page });
    await sendCounts();
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
    if (recount) clearTimeout(recount);
    enqueue(() => core.agents.disconnected(agent.id, connection));
  });
}
