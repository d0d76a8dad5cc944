/** The right pane: the selected conversation's header, messages, typing indicator and reply box. */
import type { Agent, ConversationSummary } from '@parley/protocol';
import {
  closeConversation,
  joinConversation,
  leaveConversation,
  selectedConversation,
  selectedId,
} from '../state/conversations.ts';
import { goToInbox } from '../state/router.ts';
import { synced } from '../state/sync.ts';
import { visitorTyping } from '../state/typing.ts';
import { Composer } from './Composer.tsx';
import { MessageLog } from './MessageLog.tsx';

export function ConversationView({ agent }: { agent: Agent }) {
  const conversation = selectedConversation.value;
  if (!conversation) {
    const message = selectedId.value === null
      ? 'Select a conversation to read it and reply.'
      : synced.value
        ? 'This conversation does not exist, or you cannot see it.'
        : 'Loading…';
    return (
      <section class="view view-empty">
        <p class="muted">{message}</p>
      </section>
    );
  }
  return (
    <section class="view" aria-label={`Conversation with ${conversation.visitor.displayName}`} key={conversation.id}>
      <ConversationHeader conversation={conversation} agent={agent} />
      <MessageLog conversation={conversation} />
      <p class="typing" role="status">
        {visitorTyping.value.has(conversation.id) ? 'Visitor is typing…' : ''}
      </p>
      <Composer conversationId={conversation.id} />
    </section>
  );
}

function ConversationHeader({ conversation, agent }: { conversation: ConversationSummary; agent: Agent }) {
  const { id, visitor, agents, status } = conversation;
  const joined = agents.some((a) => a.id === agent.id);
  const agentCount = agents.length === 1 ? '1 agent' : `${agents.length} agents`;
  return (
    <header class="view-header">
      <button type="button" class="ghost back" onClick={() => goToInbox()}>
        ← Back
      </button>
      <div class="who">
        <h2>{visitor.displayName}</h2>
        <p class="muted">
          {visitor.email && <a href={`mailto:${visitor.email}`}>{visitor.email}</a>}
          <span>{conversation.siteName}</span>
          <span class={`status status-${status}`}>{status === 'open' ? 'Open' : 'Closed'}</span>
          <span class="agents" title={agents.length ? agents.map((a) => a.name).join(', ') : 'No agent has joined'}>
            {agentCount}
          </span>
        </p>
      </div>
      <div class="actions">
        {joined ? (
          <button type="button" onClick={() => leaveConversation(id)}>
            Leave
          </button>
        ) : (
          <button type="button" onClick={() => joinConversation(id)}>
            Join
          </button>
        )}
        {status === 'open' && (
          <button type="button" onClick={() => closeConversation(id)}>
            Close conversation
          </button>
        )}
      </div>
    </header>
  );
}
