/**
 * The load benchmark's bare baseline: a `ws` relay speaking just enough of Parley's protocol
 * (hello → welcome, send → ack, each message forwarded to every agent socket) and storing nothing.
 * Given a store, it is the durable floor (durable-floor.ts). Run alone: `PORT=N node --import tsx bench/relay.ts`.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import { type WebSocket, WebSocketServer } from 'ws';
import type { Message } from '../packages/protocol/src/model.ts';

/** A visitor's message before it is stored. */
export interface Draft {
  conversationId: string;
  clientId: string;
  text: string;
  at: number;
}

/** Stores a batch of drafts in one commit; returns them as messages, in the same order. */
export type MessageStore = (batch: Draft[]) => Message[];

export const toMessage = (draft: Draft, id: string, seq: number): Message => ({
  id,
  conversationId: draft.conversationId,
  seq,
  clientId: draft.clientId,
  author: 'visitor',
  authorName: null,
  text: draft.text,
  at: draft.at,
  email: null,
});

/** Without a store, seqs are counted in memory and each send is answered at once. */
function inMemory(): MessageStore {
  const seqs = new Map<string, number>();
  return (batch) =>
    batch.map((draft) => {
      const seq = (seqs.get(draft.conversationId) ?? 0) + 1;
      seqs.set(draft.conversationId, seq);
      return toMessage(draft, randomUUID(), seq);
    });
}

/**
 * With a store, every send that arrives in one event-loop turn is stored in one batch (group
 * commit) at the end of that turn, and acked only once that batch committed.
 */
export async function startRelay(port: number, store: MessageStore | null): Promise<Server> {
  const agents = new Set<WebSocket>();
  let pending: Array<{ visitor: WebSocket; draft: Draft }> = [];

  const deliver = (visitor: WebSocket, message: Message) => {
    const text = JSON.stringify({ t: 'message', message });
    for (const agent of agents) agent.send(text);
    const { clientId, id, seq, conversationId, at } = message;
    visitor.send(JSON.stringify({ t: 'ack', clientId, id, seq, conversationId, at }));
  };

  const flush = () => {
    const batch = pending;
    pending = [];
    try {
      store!(batch.map((p) => p.draft)).forEach((message, i) => deliver(batch[i]!.visitor, message));
    } catch (error) {
      console.error(error);
      for (const { visitor, draft } of batch) visitor.send(JSON.stringify({ t: 'error', code: 'internal', message: 'Not stored.', clientId: draft.clientId }));
    }
  };

  const memory = inMemory();
  const received = (visitor: WebSocket, draft: Draft) => {
    if (!store) return deliver(visitor, memory([draft])[0]!);
    if (pending.length === 0) setImmediate(flush);
    pending.push({ visitor, draft });
  };

  const visitorSession = (ws: WebSocket) => {
    const visitorId = randomUUID();
    ws.on('message', (data) => {
      let frame: { t?: string; clientId?: string; text?: string };
      try {
        frame = JSON.parse(data.toString());
      } catch {
        return;
      }
      if (frame.t === 'hello') {
        ws.send(JSON.stringify({ t: 'welcome', visitorId, token: visitorId, conversationId: null, messages: [], available: true, email: null }));
      } else if (frame.t === 'send' && frame.clientId && frame.text) {
        received(ws, { conversationId: `c-${visitorId}`, clientId: frame.clientId, text: frame.text, at: Date.now() });
      }
    });
  };

  const http = createServer((req, res) => {
    res.writeHead(req.url === '/healthz' ? 200 : 404, { 'content-type': 'application/json' }).end('{"ok":true}');
  });
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
  http.on('upgrade', (req, socket, head) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path !== '/ws/visitor' && path !== '/ws/agent') return socket.destroy();
    wss.handleUpgrade(req, socket, head, (ws) => {
      ws.on('error', () => ws.terminate());
      if (path === '/ws/visitor') return visitorSession(ws);
      agents.add(ws);
      ws.on('close', () => agents.delete(ws));
      ws.send(JSON.stringify({ t: 'conversations', items: [] }));
    });
  });
  await new Promise<void>((resolve) => http.listen(port, '127.0.0.1', resolve));
  return http;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await startRelay(Number(process.env.PORT), null);
}
