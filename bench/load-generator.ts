/**
 * The one load generator every target of the load benchmark is driven by: visitors and an agent
 * speaking Parley's wire protocol, and the schedules that make them send. Send and receipt are
 * timed by one monotonic clock: the chatting visitors and the agent live in the same process.
 */
import { WebSocket } from 'ws';

/** Where and how a target is reached; plain data, so worker processes get it over IPC. */
export interface Endpoint {
  visitorUrl: string;
  visitorHeaders: Record<string, string>;
  siteKey: string;
  agentUrl: string;
  agentHeaders: Record<string, string>;
}

const CONNECT_TIMEOUT_MS = 30_000;
/** Hellos in flight at once per process. */
const CONNECT_CONCURRENCY = 200;

export type Frame = { t: string; [key: string]: any };

/** Opens a socket and resolves once `ready` accepts a frame; rejects on an error frame, a close or the timeout. */
function openSocket(url: string, headers: Record<string, string>, first: Frame | null, ready: (frame: Frame) => boolean): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers, perMessageDeflate: false, handshakeTimeout: CONNECT_TIMEOUT_MS });
    const fail = (why: string) => {
      clearTimeout(timer);
      ws.terminate();
      reject(new Error(why));
    };
    const timer = setTimeout(() => fail('no answer in time'), CONNECT_TIMEOUT_MS);
    const onMessage = (data: Buffer) => {
      const frame = JSON.parse(data.toString()) as Frame;
      if (frame.t === 'error') return fail(`${frame.code}: ${frame.message}`);
      if (!ready(frame)) return;
      clearTimeout(timer);
      ws.off('message', onMessage);
      ws.off('close', onClose);
      resolve(ws);
    };
    const onClose = (code: number) => fail(`closed with ${code}`);
    ws.once('open', () => first && ws.send(JSON.stringify(first)));
    ws.on('message', onMessage);
    ws.on('close', onClose);
    ws.on('error', (error) => fail(error.message));
  });
}

export class Visitor {
  /** Called with the clientId of each ack. */
  onAck: ((clientId: string) => void) | null = null;

  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (data: Buffer) => {
      const frame = JSON.parse(data.toString()) as Frame;
      if (frame.t === 'ack') this.onAck?.(frame.clientId);
    });
  }

  /** A visitor that said hello and got its welcome. */
  static async open(endpoint: Endpoint, i: number): Promise<Visitor> {
    const hello = { t: 'hello', site: endpoint.siteKey, page: { url: `https://shop.example/p/${i}`, title: 'Product', referrer: '' } };
    return new Visitor(await openSocket(endpoint.visitorUrl, endpoint.visitorHeaders, hello, (f) => f.t === 'welcome'));
  }

  send(clientId: string, text: string) {
    this.ws.send(JSON.stringify({ t: 'send', clientId, text }));
  }

  close() {
    this.ws.terminate();
  }
}

/** Opens `count` visitors, numbered from `from`, a batch at a time; those that fail are counted, not retried. */
export async function openVisitors(endpoint: Endpoint, count: number, from = 0): Promise<{ visitors: Visitor[]; failed: number; errors: string[] }> {
  const visitors: Visitor[] = [];
  const errors = new Set<string>();
  let failed = 0;
  for (let i = 0; i < count; i += CONNECT_CONCURRENCY) {
    const batch = Array.from({ length: Math.min(CONNECT_CONCURRENCY, count - i) }, (_, j) => Visitor.open(endpoint, from + i + j));
    for (const result of await Promise.allSettled(batch)) {
      if (result.status === 'fulfilled') visitors.push(result.value);
      else {
        failed++;
        errors.add(String(result.reason?.message ?? result.reason));
      }
    }
  }
  return { visitors, failed, errors: [...errors].slice(0, 3) };
}

export class Agent {
  /** Called with the clientId of each `message` frame, when it arrives. */
  onMessage: ((clientId: string) => void) | null = null;
  /** Called with every frame. */
  onFrame: ((frame: Frame) => void) | null = null;

  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (data: Buffer) => {
      const frame = JSON.parse(data.toString()) as Frame;
      if (frame.t === 'message' && frame.message.clientId) this.onMessage?.(frame.message.clientId);
      this.onFrame?.(frame);
    });
  }

  /** An agent socket that has got its conversation list. */
  static async open(endpoint: Endpoint): Promise<Agent> {
    return new Agent(await openSocket(endpoint.agentUrl, endpoint.agentHeaders, null, (f) => f.t === 'conversations'));
  }

  close() {
    this.ws.terminate();
  }
}

const TEXT = 'Hello! Does this jacket come in a medium, and how soon could it ship?';

/** Sends through visitors and counts, for each message, its ack and its arrival at the agent. */
export class Tracker {
  private readonly sentAt = new Map<string, number>();
  private readonly acked = new Set<string>();
  private readonly delivered = new Set<string>();
  /** Send → agent receipt, in ms, in order of receipt. */
  readonly latencies: number[] = [];
  /** Called after each ack, with the visitor that got it. */
  onAcked: ((visitor: Visitor) => void) | null = null;

  constructor(agent: Agent, visitors: Visitor[]) {
    agent.onMessage = (clientId) => {
      const sent = this.sentAt.get(clientId);
      if (sent === undefined || this.delivered.has(clientId)) return;
      this.latencies.push(performance.now() - sent);
      this.delivered.add(clientId);
    };
    for (const visitor of visitors) {
      visitor.onAck = (clientId) => {
        this.acked.add(clientId);
        this.onAcked?.(visitor);
      };
    }
  }

  send(visitor: Visitor) {
    const clientId = `m${this.sentAt.size}`;
    this.sentAt.set(clientId, performance.now());
    visitor.send(clientId, TEXT);
  }

  counts() {
    let lost = 0;
    for (const clientId of this.acked) if (!this.delivered.has(clientId)) lost++;
    return { sent: this.sentAt.size, acked: this.acked.size, delivered: this.delivered.size, lost, unacked: this.sentAt.size - this.acked.size };
  }

  /** Waits until every message sent is acked and delivered, or `timeoutMs` passed; then the counts. */
  async drain(timeoutMs: number) {
    const deadline = performance.now() + timeoutMs;
    while (performance.now() < deadline) {
      const { sent, acked, delivered } = this.counts();
      if (acked === sent && delivered >= acked) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return this.counts();
  }
}

/** `rate` messages a second in total for `seconds`, round-robin over the visitors, on schedule whatever the answers. */
export function sendAtRate(tracker: Tracker, visitors: Visitor[], rate: number, seconds: number): Promise<void> {
  const total = Math.round(rate * seconds);
  const started = performance.now();
  let sent = 0;
  return new Promise((resolve) => {
    const timer = setInterval(() => {
      const elapsed = performance.now() - started;
      const due = Math.min(total, Math.floor((elapsed / 1000) * rate));
      while (sent < due) tracker.send(visitors[sent++ % visitors.length]!);
      if (sent >= total || elapsed > seconds * 1000 + 1000) {
        clearInterval(timer);
        resolve();
      }
    }, 5);
  });
}

/**
 * Keeps `inFlight` messages unanswered in total (each ack releases the visitor's next send) and
 * returns acks and agent receipts per second over `seconds`, counted after `warmupSeconds`.
 */
export async function saturate(tracker: Tracker, visitors: Visitor[], inFlight: number, warmupSeconds: number, seconds: number) {
  let sending = true;
  tracker.onAcked = (visitor) => sending && tracker.send(visitor);
  for (let i = 0; i < inFlight; i++) tracker.send(visitors[i % visitors.length]!);
  await new Promise((resolve) => setTimeout(resolve, warmupSeconds * 1000));
  const before = tracker.counts();
  const started = performance.now();
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  const after = tracker.counts();
  const elapsed = (performance.now() - started) / 1000;
  sending = false;
  return { ackedPerSecond: (after.acked - before.acked) / elapsed, deliveredPerSecond: (after.delivered - before.delivered) / elapsed };
}
