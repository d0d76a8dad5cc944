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
import { strings } from '../strings.ts';

export function ConversationView({ agent }: { agent: Agent }) {
  const conversation = selectedConversation.value;
  if (!conversation) {
    const message = selectedId.value === null
      ? strings.conversationView.selectOne
      : synced.value
        ? strings.conversationView.notFound
        : strings.common.loading;
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
    <section class="view" aria-label={strings.conversationView.conversationWith(conversation.visitor.displayName)}>
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
            {visitorTyping.value.has(conversation.id) ? strings.conversationView.visitorTyping : ''}
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
    return (
    <header class="view-header">
      <button type="button" class="ghost back" aria-label={strings.conversationView.backToConversations} onClick={() => goToInbox()}>
        {strings.conversationView.backArrow}
      </button>
      <div class="who">
        <h2>{visitor.displayName}</h2>
        <p class="muted">
          {visitor.email && <a href={`mailto:${visitor.email}`}>{visitor.email}</a>}
          <span>{conversation.siteName}</span>
          <StatusBadges conversation={conversation} />
          <span class="agents" title={agents.length ? agents.map((a) => a.name).join(', ') : strings.conversationView.noAgentJoined}>
            {strings.conversationView.agents(agents.length)}
          </span>
        </p>
        <p class="muted presence">
          <span class={visitor.online ? 'online' : 'offline'}>
            <span class="presence-dot" aria-hidden="true" />
            {visitor.online ? strings.conversationView.online : strings.conversationView.offline}
          </span>
          {visitor.lastActiveAt !== null && (
            <span title={fullTime(visitor.lastActiveAt)}>{strings.conversationView.lastActive(lastActive(visitor.lastActiveAt, now.value))}</span>
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
            {strings.conversationView.customerRecord}
          </a>
        </p>
      </div>
      <div class="actions">
        <button type="button" class="details-toggle" aria-expanded={details} aria-controls="visitor-panel" onClick={toggleDetails}>
          {strings.conversationView.visitorDetails}
        </button>
        <button type="button" onClick={edit}>
          {strings.conversationView.editDetails}
        </button>
        <button type="button" onClick={link}>
          {strings.conversationView.linkContact}
        </button>
        {joined ? (
          <button type="button" onClick={() => leaveConversation(id)}>
            {strings.conversationView.leave}
          </button>
        ) : (
          <button type="button" onClick={() => joinConversation(id)}>
            {strings.conversationView.join}
          </button>
        )}
        <AssignTo conversation={conversation} agent={agent} />
        {status === 'open' && (
          <button type="button" onClick={() => closeConversation(id)}>
            {strings.conversationView.closeConversation}
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
      <span>{strings.conversationView.assignTo}</span>
      <select value={current} onChange={(event) => assignConversation(conversation.id, event.currentTarget.value || null)}>
        <option value="" disabled={!allowed(null)}>
          {strings.conversationView.nobody}
        </option>
        {candidates.map((a) => (
          <option key={a.id} value={a.id} disabled={!allowed(a.id)}>
            {a.id === agent.id ? strings.conversationView.me(a.name) : a.name}
          </option>
        ))}
      </select>
    </label>
  );
}
