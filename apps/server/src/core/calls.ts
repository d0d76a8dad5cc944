/**
 * Video-call invitations: an agent's message naming the conversation's room at the site's
 * callLink address. The room is drawn once per conversation, so every invitation names the same one.
 */
import { randomBytes } from 'node:crypto';
import { callLinkProblem, callUrl } from '@parley/protocol';
import type { Agent } from '../ports/store.ts';
import { visibleConversation } from './access.ts';
import type { Context } from './context.ts';
import { AppError } from './errors.ts';
import type { Messages } from './messages.ts';

export type Calls = ReturnType<typeof createCalls>;

/** 80 random bits as hex: unguessable, and letters and digits only, so safe anywhere in a URL. */
const newRoom = () => randomBytes(10).toString('hex');

export function createCalls(ctx: Context, messages: Messages) {
  const { store } = ctx;
  return {
    /** An ordinary agent message for everyone who hears it (and the email fallback), with the room's address as its `call`. */
    async invite(agent: Agent, input: { conversationId: string; clientId: string }) {
      const { site } = await visibleConversation(store, agent, input.conversationId);
      const problem = callLinkProblem(site.settings.callLink);
      if (problem) throw new AppError('bad_request', `This site's callLink cannot be used (${problem}): set another with pnpm parley site set ${site.key} callLink=…`);
      const url = callUrl(site.settings.callLink, await store.callRooms.roomOf(input.conversationId, newRoom()));
      return messages.postAgentMessage(agent, { ...input, text: `${agent.name} invites you to a video call: ${url}`, call: { url } });
    },
  };
}
