/** The left column: filter tabs and the conversations, newest activity first. */
import type { ConversationSummary } from '@parley/protocol';
import type { ListFilter } from '../lib/conversations.ts';
import { fullTime, relativeTime } from '../lib/time.ts';
import { now } from '../state/clock.ts';
import { listFilter, selectConversation, selectedId, setListFilter, visibleConversations } from '../state/conversations.ts';
import { synced } from '../state/sync.ts';
import { unreadIds } from '../state/unread.ts';
import { StatusBadges } from './StatusBadges.tsx';

const FILTERS: { value: ListFilter; label: string }[] = [
  { value: 'all', label: 'All' },
  { value: 'open', label: 'Open' },
  { value: 'closed', label: 'Closed' },
  { value: 'online', label: 'Online' },
  { value: 'missed', label: 'Missed' },
];

const EMPTY: Record<ListFilter, string> = {
  all: 'No conversations here yet.',
  open: 'No open conversations.',
  closed: 'No closed conversations.',
  online: 'No visitor with a conversation is online now.',
  missed: 'No missed conversations.',
};

export function ConversationList() {
  const items = visibleConversations.value;
  return (
    <nav class="sidebar" aria-label="Inbox">
      <div class="filters" role="group" aria-label="Show">
        {FILTERS.map((filter) => (
          <button
            type="button"
            key={filter.value}
            aria-pressed={listFilter.value === filter.value}
            onClick={() => setListFilter(filter.value)}
          >
            {filter.label}
          </button>
        ))}
      </div>
      <ul class="conversations" aria-label="Conversations">
        {items.map((item) => (
          <ConversationItem key={item.id} item={item} />
        ))}
      </ul>
      {items.length === 0 && synced.value && <p class="empty">{EMPTY[listFilter.value]}</p>}
    </nav>
  );
}

function preview(item: ConversationSummary): string {
  const last = item.lastMessage;
  if (!last) return 'No messages yet';
  return last.author === 'agent' && last.authorName ? `${last.authorName}: ${last.text}` : last.text;
}

function ConversationItem({ item }: { item: ConversationSummary }) {
  const unread = unreadIds.value.has(item.id);
  const nameId = `conversation-${item.id}-name`;
  const detailsId = `conversation-${item.id}-details`;
  return (
    <li class={unread ? 'unread' : undefined}>
      <button
        type="button"
        class="conversation"
        aria-current={selectedId.value === item.id ? 'true' : undefined}
        aria-labelledby={nameId}
        aria-describedby={detailsId}
        onClick={() => selectConversation(item.id)}
      >
        <span class="line">
          <span class="name" id={nameId}>
            {item.visitor.displayName}
          </span>
          <time dateTime={new Date(item.updatedAt).toISOString()} title={fullTime(item.updatedAt)}>
            {relativeTime(item.updatedAt, now.value)}
          </time>
        </span>
        <span class="details" id={detailsId}>
          <span class="line">
            <span class="preview">{preview(item)}</span>
            {unread && (
              <span class="dot">
                <span class="visually-hidden">Unread</span>
              </span>
            )}
          </span>
          <span class="line meta">
            <StatusBadges conversation={item} />
            {item.visitor.online && (
              <span class="online">
                <span class="presence-dot" aria-hidden="true" />
                Online
              </span>
            )}
            <span class="site">{item.siteName}</span>
          </span>
        </span>
      </button>
    </li>
  );
}
