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
import { strings } from '../strings.ts';

function emptyText({ view, status, team, site }: ListQuery): string {
  if (status || team || site) return strings.conversationList.noMatch;
  return view === 'all' ? strings.conversationList.noneYet : strings.conversationList.noneIn(VIEW_LABELS[view]);
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
    <nav class="sidebar" aria-label={strings.conversationList.inbox}>
      {/* Tabs, not buttons: a view is what the list shows, and "Joined" must not answer to the name of the Join button. */}
      <div class="filters" role="tablist" aria-label={strings.conversationList.views}>
        {LIST_VIEWS.map((view) => (
          <button type="button" role="tab" key={view} aria-selected={query.view === view} aria-controls="conversation-list" onClick={() => setListView(view)}>
            {VIEW_LABELS[view]} <Count n={counts?.views[view]} />
          </button>
        ))}
      </div>
      <div class="filters statuses" role="group" aria-label={strings.common.status}>
        {LIST_STATUSES.map((status) => (
          <button type="button" key={status} aria-pressed={query.status === status} onClick={() => toggleListStatus(status)}>
            {STATUS_LABELS[status]} <Count n={counts?.statuses[status]} />
          </button>
        ))}
      </div>
      <div class="list-selects">
        <label>
          {strings.conversationList.team}
          <select value={query.team ?? ''} onChange={(e) => setListTeam(e.currentTarget.value || null)}>
            <option value="">{strings.conversationList.allTeams}</option>
            {teams.value.map((team) => (
              <option key={team.name} value={team.name}>
                {team.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {strings.common.site}
          <select value={query.site ?? ''} onChange={(e) => setListSite(e.currentTarget.value || null)}>
            <option value="">{strings.common.allSites}</option>
            {listSites.value.map((site) => (
              <option key={site.id} value={site.id}>
                {site.name}
              </option>
            ))}
          </select>
        </label>
      </div>
      <ul class="conversations" id="conversation-list" aria-label={strings.conversationList.conversations}>
        {items.map((item) => (
          <ConversationItem key={item.id} item={item} />
        ))}
      </ul>
      {items.length === 0 && synced.value && <p class="empty">{emptyText(query)}</p>}
      {nextCursor.value && (
        <button type="button" class="ghost load-more" disabled={loadingMore.value} onClick={loadMore}>
          {strings.conversationList.loadMore}
        </button>
      )}
    </nav>
  );
}

function preview(item: ConversationSummary): string {
  const last = item.lastMessage;
  if (!last) return strings.conversationList.noMessagesYet;
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
                <span class="visually-hidden">{strings.conversationList.unread}</span>
              </span>
            )}
          </span>
          <span class="line meta">
            <StatusBadges conversation={item} />
            {item.visitor.online && (
              <span class="online">
                <span class="presence-dot" aria-hidden="true" />
                {strings.conversationList.online}
              </span>
            )}
            <span class="site">{item.siteName}</span>
          </span>
        </span>
      </button>
    </li>
  );
}
