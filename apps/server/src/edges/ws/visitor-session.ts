/** One visitor tab's WebSocket: hello, then sends, typing, activity and identify, each answered or fanned out. */
import type { IncomingMessage } from 'node:http';
import { parseFrame, visitorClientFrame, type VisitorClientFrame, type VisitorServerFrame } from '@parley/protocol';
import type { WebSocket } from 'ws';
import { hashToken, newToken, validIdentityHmac } from '../../core/auth/tokens.ts';
import type { Deps } from '../../core/deps.ts';
import { clientAddress } from '../client-address.ts';
import type { Site, Visitor } from '../../ports/store.ts';
import { FrameError, frameQueue } from './frame-queue.ts';

type Hello = Extract<VisitorClientFrame, { t: 'hello' }>;
type Identify = Extract<VisitorClientFrame, { t: 'identify' }>;

const HELLO_TIMEOUT_MS = 10_000;

export function visitorSession(ws: WebSocket, req: IncomingMessage, deps: Deps) {
  const { store, hub, chat, visitors, availability, config, tasks } = deps;
  const origin = req.headers.origin ?? '';
  const ip = clientAddress({
    socketAddress: req.socket.remoteAddress,
    forwardedFor: req.headers['x-forwarded-for']?.toString(),
    trustProxy: config.trustProxy,
  });
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
    const previous = visitor;
    leaveHub?.();
    visitor = next;
    leaveHub = hub.addVisitor(next, connection);
    if (previous && previous.id !== next.id) await visitors.left(previous.id);
    const conversation = await store.conversationOfVisitor(next.id);
    send({
      t: 'welcome',
      visitorId: next.id,
      token,
      conversationId: conversation?.id ?? null,
      messages: conversation ? await store.messagesSince(conversation.id, since) : [],
      available: await availability.available(s),
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
    // A continue link from an email brings this browser back to that visitor, once.
    const continued = frame.continue ? await store.consumeContinueLink(hashToken(frame.continue), Date.now()) : null;
    const linked = continued ? await store.visitorById(continued.visitorId) : null;
    // A token from another site, or one we never issued, gets a fresh visitor: tokens never cross sites.
    const known = frame.token ? await store.visitorByToken(site.id, hashToken(frame.token)) : null;
    if (linked?.siteId === site.id) {
      const token = newToken();
      await store.addVisitorToken({ siteId: site.id, visitorId: linked.id, tokenHash: hashToken(token) });
      await welcome(site, linked, token, 0);
    } else if (known && frame.token) {
      await welcome(site, known, frame.token, frame.since ?? 0);
    } else {
      const token = newToken();
      await welcome(site, await store.createVisitor({ siteId: site.id, tokenHash: hashToken(token) }), token, 0);
    }
    await visitors.arrived(site, visitor!.id, {
      pageView: !frame.reconnect,
      page: frame.page ?? null,
      userAgent: req.headers['user-agent']?.slice(0, 512) ?? null,
      language: frame.lang ?? null,
      timeZone: frame.tz ?? null,
      ip,
    });
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
    hub.toVisitor(target.id, { t: 'profile', name: target.name, email: target.email });
    await visitors.publish(target.id);
  };

  const handle = async (text: string) => {
    const parsed = parseFrame(visitorClientFrame, text);
    if (!parsed.ok) throw new FrameError('bad_frame', parsed.message);
    const frame = parsed.value;
    if (frame.t === 'hello') return hello(frame);
    if (!site || !visitor) throw new FrameError('bad_frame', 'Send hello first.');
    switch (frame.t) {
      case 'send': {
        const input = { siteId: site.id, visitorId: visitor.id, clientId: frame.clientId, text: frame.text, available: await availability.available(site) };
        const { message } = await chat.postVisitorMessage(input).catch((error: unknown) => {
          send({ t: 'error', code: 'internal', message: 'The message was not stored; send it again.', clientId: frame.clientId });
          throw error;
        });
        send({ t: 'ack', clientId: frame.clientId, id: message.id, seq: message.seq, conversationId: message.conversationId, at: message.at });
        return visitors.active(visitor.id);
      }
      case 'typing': {
        const conversation = await store.conversationOfVisitor(visitor.id);
        if (conversation) hub.toAgents({ t: 'typing', conversationId: conversation.id, on: frame.on });
        return visitors.active(visitor.id);
      }
      case 'identify':
        return identify(site, visitor, frame);
      case 'activity':
        return visitors.active(visitor.id);
      case 'page':
        return visitors.navigated(visitor.id, frame.page);
      case 'seen': {
        const conversation = await store.conversationOfVisitor(visitor.id);
        if (conversation && frame.seq <= conversation.lastSeq) await store.markVisitorSeen(conversation.id, frame.seq);
        return;
      }
    }
  };

  const enqueue = frameQueue(tasks, send);
  ws.on('message', (data, isBinary) => {
    if (isBinary) return send({ t: 'error', code: 'bad_frame', message: 'Frames are JSON text.' });
    enqueue(() => handle(data.toString()));
  });
  ws.on('close', () => {
    clearTimeout(helloTimer);
    leaveHub?.();
    // Behind any frame still in flight, so "left" is never overtaken by "arrived".
    enqueue(async () => {
      if (visitor) await visitors.left(visitor.id);
    });
  });
}
