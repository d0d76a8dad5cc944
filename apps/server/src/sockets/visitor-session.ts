/** One visitor tab's WebSocket: hello, then sends, typing and identify, each answered or fanned out via the hub. */
import type { IncomingMessage } from 'node:http';
import { parseFrame, visitorClientFrame, type VisitorClientFrame, type VisitorServerFrame } from '@parley/protocol';
import type { WebSocket } from 'ws';
import { hashToken, newToken, validIdentityHmac } from '../auth/tokens.ts';
import type { Deps } from '../deps.ts';
import { siteSettings } from '../site-settings.ts';
import type { Site, Visitor } from '../store/types.ts';
import { FrameError, frameQueue } from './frame-queue.ts';

type Hello = Extract<VisitorClientFrame, { t: 'hello' }>;
type Identify = Extract<VisitorClientFrame, { t: 'identify' }>;

const HELLO_TIMEOUT_MS = 10_000;

export function visitorSession(ws: WebSocket, req: IncomingMessage, { store, hub, chat }: Deps) {
  const origin = req.headers.origin ?? '';
  let site: Site | null = null;
  let visitor: Visitor | null = null;
  let leaveHub: (() => void) | null = null;
  const connection = {
    send(text: string) {
      if (ws.readyState === ws.OPEN) ws.send(text);
    },
  };
  const send = (frame: VisitorServerFrame) => connection.send(JSON.stringify(frame));
  const helloTimer = setTimeout(() => ws.close(4408, 'No hello in time.'), HELLO_TIMEOUT_MS);

  /** Attaches this socket to a visitor and tells the client everything it lacks. */
  const welcome = async (s: Site, next: Visitor, token: string, since: number) => {
    leaveHub?.();
    visitor = next;
    leaveHub = hub.addVisitor(next.id, connection);
    const conversation = await store.conversationOfVisitor(next.id);
    send({
      t: 'welcome',
      visitorId: next.id,
      token,
      conversationId: conversation?.id ?? null,
      messages: conversation ? await store.messagesSince(conversation.id, since) : [],
      available: siteSettings(s.settings).chat,
      email: next.email,
    });
  };

  const hello = async (frame: Hello) => {
    if (visitor) throw new FrameError('bad_frame', 'hello was sent already.');
    site = await store.siteByKey(frame.site);
    if (!site) {
      send({ t: 'error', code: 'unknown_site', message: `No site has the key ${frame.site}.` });
      return void ws.close(4404, 'Unknown site.');
    }
    if (!site.origins.includes(origin)) {
      send({ t: 'error', code: 'origin_not_allowed', message: `This site's chat is not allowed on ${origin || 'this page'}.` });
      return void ws.close(4403, 'Origin not allowed.');
    }
    clearTimeout(helloTimer);
    // A token from another site, or one we never issued, gets a fresh visitor: tokens never cross sites.
    const known = frame.token ? await store.visitorByToken(site.id, hashToken(frame.token)) : null;
    if (known && frame.token) return welcome(site, known, frame.token, frame.since ?? 0);
    const token = newToken();
    await welcome(site, await store.createVisitor({ siteId: site.id, tokenHash: hashToken(token) }), token, 0);
  };

  const identify = async (s: Site, current: Visitor, frame: Identify) => {
    const { hmac, userId, t: _, ...contact } = frame;
    let target = current;
    if (userId !== undefined || hmac !== undefined) {
      if (!userId || !hmac || !validIdentityHmac(userId, hmac, s.secret)) {
        throw new FrameError('bad_identity', 'identify needs userId with hmac = HMAC-SHA256(userId, site secret) in hex.');
      }
      const owner = await store.visitorByUserId(s.id, userId);
      if (owner && owner.id !== current.id) {
        // The same person on another device: this browser joins that visitor with a token of its own.
        const token = newToken();
        await store.addVisitorToken({ siteId: s.id, visitorId: owner.id, tokenHash: hashToken(token) });
        target = owner;
        await welcome(s, owner, token, 0);
      } else if (!owner) {
        target = await store.updateVisitor(current.id, { userId });
      }
    }
    const changes = Object.fromEntries(Object.entries(contact).filter(([, value]) => value !== undefined));
    if (Object.keys(changes).length > 0) target = await store.updateVisitor(target.id, changes);
    visitor = target;
    const conversation = await store.conversationOfVisitor(target.id);
    if (conversation) await chat.publishConversation(conversation.id);
  };

  const handle = async (text: string) => {
    const parsed = parseFrame(visitorClientFrame, text);
    if (!parsed.ok) throw new FrameError('bad_frame', parsed.message);
    const frame = parsed.value;
    if (frame.t === 'hello') return hello(frame);
    if (!site || !visitor) throw new FrameError('bad_frame', 'Send hello first.');
    switch (frame.t) {
      case 'send': {
        const { message } = await chat
          .postVisitorMessage({ siteId: site.id, visitorId: visitor.id, clientId: frame.clientId, text: frame.text })
          .catch((error: unknown) => {
            send({ t: 'error', code: 'internal', message: 'The message was not stored; send it again.', clientId: frame.clientId });
            throw error;
          });
        return send({ t: 'ack', clientId: frame.clientId, id: message.id, seq: message.seq, conversationId: message.conversationId, at: message.at });
      }
      case 'typing': {
        const conversation = await store.conversationOfVisitor(visitor.id);
        if (conversation) hub.toAgents({ t: 'typing', conversationId: conversation.id, on: frame.on });
        return;
      }
      case 'identify':
        return identify(site, visitor, frame);
      case 'seen':
      case 'page':
        return;
    }
  };

  const enqueue = frameQueue(handle, send);
  ws.on('message', (data, isBinary) => {
    if (isBinary) return send({ t: 'error', code: 'bad_frame', message: 'Frames are JSON text.' });
    enqueue(data.toString());
  });
  ws.on('close', () => {
    clearTimeout(helloTimer);
    leaveHub?.();
  });
}
