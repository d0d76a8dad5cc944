/** One visitor tab's WebSocket: hello, then sends, typing, activity, pages, identify and context records, each a core command. */
import type { IncomingMessage } from 'node:http';
import { CLOSE, cleanText, visitorClientFrame, type VisitorServerFrame } from '@parley/protocol';
import { nanoid } from 'nanoid';
import type { WebSocket } from 'ws';
import { topic } from '../../core/audience.ts';
import { AppError } from '../../core/errors.ts';
import type { Core } from '../../core/index.ts';
import type { VisitorTab } from '../../core/visitors.ts';
import type { Subscription } from '../../ports/bus.ts';
import { clientAddress } from '../client-address.ts';
import { errorFrame, frameOf, frameQueue, readFrame } from './frame-queue.ts';

const HELLO_TIMEOUT_MS = 10_000;
const CLOSE_OF: Partial<Record<string, number>> = { unknown_site: CLOSE.unknownSite, origin_not_allowed: CLOSE.originNotAllowed, rate_limited: CLOSE.rateLimited };

/** `siteKey`: the site the socket was opened for (and its origin checked against) at the upgrade. */
export function visitorSession(ws: WebSocket, req: IncomingMessage, core: Core, trustProxy: number, siteKey: string) {
  // Read once: the request is not kept for the socket's lifetime.
  const origin = req.headers.origin ?? '';
  const ip = clientAddress({ socketAddress: req.socket.remoteAddress, forwardedFor: req.headers['x-forwarded-for']?.toString(), trustProxy });
  const userAgent = req.headers['user-agent'] === undefined ? null : cleanText(req.headers['user-agent'].slice(0, 512), false);
  const connection = nanoid();
  let tab: VisitorTab | null = null;
  let subscription: Subscription | null = null;
  const sendText = (text: string) => {
    if (ws.readyState === ws.OPEN) ws.send(text);
  };
  const send = (frame: VisitorServerFrame) => sendText(JSON.stringify(frame));
  const helloTimer = setTimeout(() => ws.close(CLOSE.helloTimeout, 'No hello in time.'), HELLO_TIMEOUT_MS);

  /** This socket hears its visitor and its site from now on. */
  const listen = (next: VisitorTab) => {
    tab = next;
    const topics = [topic.visitor(next.visitor.id), topic.site(next.site.id)];
    if (subscription) subscription.setTopics(topics);
    else subscription = core.subscribe(topics, sendText);
  };

  const handle = async (json: unknown) => {
    const frame = frameOf(visitorClientFrame, json);
    if (frame.t === 'hello') {
      if (tab) throw new AppError('bad_frame', 'hello was sent already.');
      const { t: _, ...hello } = frame;
      try {
        if (hello.site !== siteKey) throw new AppError('origin_not_allowed', 'This socket was opened for another site.');
        const attached = await core.visitors.hello({ ...hello, origin, userAgent, ip, connection });
        clearTimeout(helloTimer);
        listen(attached.tab);
        return send(attached.welcome);
      } catch (error) {
        const close = error instanceof AppError ? CLOSE_OF[error.code] : undefined;
        if (close === undefined) throw error;
        send(errorFrame(error, undefined));
        return ws.close(close, (error as AppError).message.slice(0, 120));
      }
    }
    if (!tab) throw new AppError('bad_frame', 'Send hello first.');
    // The site as it is now: the tab may have said hello hours before an admin changed it.
    const current = { ...tab, site: await core.sites.current(tab.site) };
    switch (frame.t) {
      case 'send': {
        const { message } = await core.messages.postWidgetMessage(current.site, { visitorId: current.visitor.id, clientId: frame.clientId, text: frame.text });
        send({ t: 'ack', clientId: frame.clientId, id: message.id, seq: message.seq, conversationId: message.conversationId, at: message.at });
        return core.visitors.active(current);
      }
      case 'typing':
        await core.conversations.visitorTyping(current.site, current.visitor.id, frame.on);
        return core.visitors.active(current);
      case 'identify': {
        const { t: _, ...fields } = frame;
        const identified = await core.visitors.identify(current, fields);
        listen(identified.tab);
        if (identified.welcome) send(identified.welcome);
        return;
      }
      case 'activity':
        return core.visitors.active(current);
      case 'page':
        return core.visitors.navigated(current, frame.page);
      case 'seen':
        return core.receipts.visitor(current.visitor.id, 'visitorSeenSeq', frame.seq);
      case 'context': {
        const { t: _, ...fields } = frame;
        return core.contextRecords.fromPage(current.site, current.visitor.id, fields);
      }
      case 'delivered':
        return core.receipts.visitor(current.visitor.id, 'visitorDeliveredSeq', frame.seq);
      case 'older':
        return send(await core.visitors.older(current, frame.before, frame.limit));
    }
  };

  const enqueue = frameQueue(core.tasks, send);
  ws.on('message', (data, isBinary) => {
    if (isBinary) return send({ t: 'error', code: 'bad_frame', message: 'Frames are JSON text.' });
    const { json, clientId } = readFrame(data.toString());
    enqueue(() => handle(json), clientId);
  });
  ws.on('close', () => {
    clearTimeout(helloTimer);
    subscription?.close();
    // Behind any frame still in flight, so "left" is never overtaken by "arrived".
    enqueue(async () => {
      if (tab) await core.visitors.left(tab);
    });
  });
}

