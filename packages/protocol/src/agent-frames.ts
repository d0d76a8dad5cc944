/** Frames on an agent's WebSocket (`/ws/agent`), both directions. */
import * as v from 'valibot';
import { MAX_CLIENT_ID_LENGTH } from './limits.ts';
import type { ConversationSummary, Message } from './model.ts';
import type { ErrorFrame } from './visitor-frames.ts';
import { messageText } from './visitor-frames.ts';

const conversationId = v.pipe(v.string(), v.minLength(1), v.maxLength(64));

export const agentClientFrame = v.variant('t', [
  /** Ask for a conversation's messages after `since` (0: all of them). */
  v.object({ t: v.literal('open'), conversationId, since: v.pipe(v.number(), v.integer(), v.minValue(0)) }),
  v.object({
    t: v.literal('send'),
    conversationId,
    clientId: v.pipe(v.string(), v.minLength(1), v.maxLength(MAX_CLIENT_ID_LENGTH)),
    text: messageText,
  }),
  v.object({ t: v.literal('typing'), conversationId, on: v.boolean() }),
  v.object({ t: v.literal('join'), conversationId }),
  v.object({ t: v.literal('leave'), conversationId }),
  v.object({ t: v.literal('close'), conversationId }),
]);
export type AgentClientFrame = v.InferOutput<typeof agentClientFrame>;

export type AgentServerFrame =
  /** The whole list, sent on connect. */
  | { t: 'conversations'; items: ConversationSummary[] }
  /** One conversation changed or appeared. */
  | { t: 'conversation'; item: ConversationSummary }
  | { t: 'history'; conversationId: string; messages: Message[] }
  | { t: 'message'; message: Message }
  | { t: 'ack'; clientId: string; id: string; seq: number; conversationId: string; at: number }
  | { t: 'typing'; conversationId: string; on: boolean }
  | ErrorFrame;
