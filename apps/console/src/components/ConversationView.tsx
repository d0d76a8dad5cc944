/** The right pane: the selected conversation's header, messages, typing indicator and reply box, beside the visitor's details. */
import { useState } from 'preact/hooks';
import { type Agent, type ConversationSummary, mayAssign, maySeeConversation } from '@parley/protocol';
import { fallbackNote } from '../lib/email.ts';
import { fullTime, lastActive } from '../lib/time.ts';
import { now } from '../state/clock.ts';
import { team } from '../state/agents.ts';
import {
  assignConversation,
  closeConversation,
  joinConversation,
  leaveConversation,
  selectedConversation,
  selectedId,
} from '../state/conversations.ts';
import { customerHref, goToCustomers, goToInbox } from '../state/router.ts';
import { editDetails } from '../state/visitor-edit.ts';
import { synced } from '../state/sync.ts';
import { placeholderValues } from '../state/templates.ts';
import { visitorTyping } from '../state/typing.ts';
import { uploadAll } from '../state/uploads.ts';
import { Composer } from './Composer.tsx';
import { LinkContact } from './CustomersLink.tsx';
import { MessageLog } from './MessageLog.tsx';
import { Place } from './Place.tsx';
import { StatusBadges } from './StatusBadges.tsx';
import { VisitorPanel } from './VisitorPanel.tsx';

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
  return <Conversation key={conversation.id} conversation={conversation} agent={agent} />;
}

/** Keyed by conversation: what the agent toggled here starts over in the next one. */
function Conversation({ conversation, agent }: { conversation: ConversationSummary; agent: Agent }) {
  // Narrower screens show the thread or the visitor's details, not both; wide ones ignore this.
  const [details, setDetails] = useState(false);
  const [linking, setLinking] = useState(false);
  const edit = () => {
    editDetails(conversation.visitor.id);
    setDetails(true);
  };
  return (
    <section class="view" aria-label={`Conversation with ${conversation.visitor.displayName}`}>
      <ConversationHeader conversation={conversation} agent={agent} details={details} toggleDetails={() => setDetails(!details)} edit={edit} link={() => setLinking(!linking)} />
      {linking && <LinkContact visitor={conversation.visitor} close={() => setLinking(false)} />}
      <div class={`view-body${details ? ' details-open' : ''}`}>
        <div
          class="thread"
          onDragOver={(event) => event.preventDefault()}
          onDrop={(event) => uploadAll(conversation.id, event.dataTransfer?.files) && event.preventDefault()}
        >
          <MessageLog conversation={conversation} />
          <p class="typing" role="status">
            {visitorTyping.value.has(conversation.id) ? 'Visitor is typing…' : ''}
          </p>
          <Composer conversationId={conversation.id} note={fallbackNote(conversation.visitor)} values={placeholderValues(conversation, agent)} />
        </div>
        <VisitorPanel visitor={conversation.visitor} />
      </div>
    </section>
  );
}

interface HeaderProps {
  conversation: ConversationSummary;
  agent: Agent;
  details: boolean;
  toggleDetails(): void;
  /** Opens the visitor's details form. */
  edit(): void;
  /** Opens or closes "Link contact". */
  link(): void;
}

function ConversationHeader({ conversation, agent, details, toggleDetails, edit, link }: HeaderProps) {
  const { id, visitor, agents, status } = conversation;
  const joined = agents.some((a) => a.id === agent.id);
  const agentCount = agents.length === 1 ? '1 agent' : `${agents.length} agents`;
  return (
    <header class="view-header">
      <button type="button" class="ghost back" aria-label="Back to conversations" onClick={() => goToInbox()}>
        ← Conversations
      </button>
      <div class="who">
        <h2>{visitor.displayName}</h2>
        <p class="muted">
          {visitor.email && <a href={`mailto:${visitor.email}`}>{visitor.email}</a>}
          <span>{conversation.siteName}</span>
          <StatusBadges conversation={conversation} />
          <span class="agents" title={agents.length ? agents.map((a) => a.name).join(', ') : 'No agent has joined'}>
            {agentCount}
          </span>
        </p>
        <p class="muted presence">
          <span class={visitor.online ? 'online' : 'offline'}>
            <span class="presence-dot" aria-hidden="true" />
            {visitor.online ? 'Online' : 'Offline'}
          </span>
          {visitor.lastActiveAt !== null && (
            <span title={fullTime(visitor.lastActiveAt)}>Last active: {lastActive(visitor.lastActiveAt, now.value)}</span>
          )}
        </p>
        <p class="muted">
          <Place visitor={visitor} />
          <a
            href={customerHref(visitor.customerId ?? visitor.id)}
            onClick={(event) => {
              event.preventDefault();
              goToCustomers(visitor.customerId ?? visitor.id);
            }}
          >
            Customer record
          </a>
        </p>
      </div>
      <div class="actions">
        <button type="button" class="details-toggle" aria-expanded={details} aria-controls="visitor-panel" onClick={toggleDetails}>
          Visitor details
        </button>
        <button type="button" onClick={edit}>
          Edit details
        </button>
        <button type="button" onClick={link}>
          Link contact
        </button>
        {joined ? (
          <button type="button" onClick={() => leaveConversation(id)}>
            Leave
          </button>
        ) : (
          <button type="button" onClick={() => joinConversation(id)}>
            Join
          </button>
        )}
        <AssignTo conversation={conversation} agent={agent} />
        {status === 'open' && (
          <button type="button" onClick={() => closeConversation(id)}>
            Close conversation
          </button>
        )}
      </div>
    </header>
  );
}

/**
 * Who may own the conversation: the agents who could see it once theirs. Options this agent may not
 * choose (an agent assigns only themselves) are shown but disabled; the server checks the same rule.
 */
function AssignTo({ conversation, agent }: { conversation: ConversationSummary; agent: Agent }) {
  const current = conversation.assignee?.id ?? '';
  const candidates = team.value.filter((a) => maySeeConversation(a, { team: conversation.team, assigneeId: a.id }));
  if (conversation.assignee && !candidates.some((a) => a.id === conversation.assignee!.id)) candidates.push({ ...conversation.assignee, role: 'agent', teams: [], status: 'away', online: false });
  const allowed = (id: string | null) => id === (conversation.assignee?.id ?? null) || mayAssign(agent, { team: conversation.team, assigneeId: conversation.assignee?.id ?? null }, id);
  return (
    <label class="assign">
      <span>Assign to</span>
      <select value={current} onChange={(event) => assignConversation(conversation.id, event.currentTarget.value || null)}>
        <option value="" disabled={!allowed(null)}>
          Nobody
        </option>
        {candidates.map((a) => (
          <option key={a.id} value={a.id} disabled={!allowed(a.id)}>
            {a.id === agent.id ? `${a.name} (me)` : a.name}
          </option>
        ))}
      </select>
    </label>
  );
}
