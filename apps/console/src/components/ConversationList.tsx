/** The left column: the views and status filters with their counts, the team and site filters, and the conversations, page by page. */
import { LIST_STATUSES, LIST_VIEWS, type ListQuery, STATUS_LABELS, VIEW_LABELS, type ConversationSummary } from '@parley/protocol';
import { fullTime, relativeTime } from '../lib/time.ts';
import { now } from '../state/clock.ts';
import { teams } from '../state/agents.ts';
import {
  conversations,
  listCounts,
  listQuery,
  listSites,
  loadingMore,
  loadMore,
  nextCursor,
  selectConversation,
  selectedId,
  setListSite,
  setListTeam,
  setListView,
  toggleListStatus,
} from '../state/conversations.ts';
import { synced } from '../state/sync.ts';
import { unreadIds } from '../state/unread.ts';
import { StatusBadges } from './StatusBadges.tsx';

function emptyText({ view, status, team, site }: ListQuery): string {
  if (status || team || site) return 'No conversations match these filters.';
  return view === 'all' ? 'No conversations here yet.' : `No conversations in ${VIEW_LABELS[view]}.`;
}

/** A count after its name, so the button reads "All 3"; nothing until the server counted. */
function Count({ n }: { n: number | undefined }) {
  return n === undefined ? null : <span class="count">{n}</span>;
}

export function ConversationList() {
  const items = conversations.value;
  const query = listQuery.value;
  const counts = listCounts.value;
  return (
    <nav class="sidebar" aria-label="Inbox">
      {/* Tabs, not buttons: a view is what the list shows, and "Joined" must not answer to the name of the Join button. */}
      <div class="filters" role="tablist" aria-label="Views">
        {LIST_VIEWS.map((view) => (
          <button type="button" role="tab" key={view} aria-selected={query.view === view} aria-controls="conversation-list" onClick={() => setListView(view)}>
            {VIEW_LABELS[view]} <Count n={counts?.views[view]} />
          </button>
        ))}
      </div>
      <div class="filters statuses" role="group" aria-label="Status">
        {LIST_STATUSES.map((status) => (
          <button type="button" key={status} aria-pressed={query.status === status} onClick={() => toggleListStatus(status)}>
            {STATUS_LABELS[status]} <Count n={counts?.statuses[status]} />
          </button>
        ))}
      </div>
      <div class="list-selects">
        <label>
          Team
          <select value={query.team ?? ''} onChange={(e) => setListTeam(e.currentTarget.value || null)}>
            <option value="">All teams</option>
            {teams.value.map((team) => (
              <option key={team.name} value={team.name}>
                {team.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Site
          <select value={query.site ?? ''} onChange={(e) => setListSite(e.currentTarget.value || null)}>
            <option value="">All sites</option>
            {listSites.value.map((site) => (
              <option key={site.id} value={site.id}>
                {site.name}
              </option>
            ))}
          </select>
        </label>
      </div>
      <ul class="conversations" id="conversation-list" aria-label="Conversations">
        {items.map((item) => (
          <ConversationItem key={item.id} item={item} />
        ))}
      </ul>
      {items.length === 0 && synced.value && <p class="empty">{emptyText(query)}</p>}
      {nextCursor.value && (
        <button type="button" class="ghost load-more" disabled={loadingMore.value} onClick={loadMore}>
          Load more
        </button>
      )}
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
  return (
    <li class={unread ? 'unread' : undefined}>
      <button
        type="button"
        class="conversation"
        aria-current={selectedId.value === item.id ? 'true' : undefined}
        onClick={() => selectConversation(item.id)}
      >
        <span class="line">
          <span class="name">
            {item.visitor.displayName}
          </span>
          <time dateTime={new Date(item.updatedAt).toISOString()} title={fullTime(item.updatedAt)}>
            {relativeTime(item.updatedAt, now.value)}
          </time>
        </span>
        <span class="details">
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
