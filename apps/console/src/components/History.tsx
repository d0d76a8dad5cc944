/** History: search every conversation the agent may see, open one read-only, export what the filters find. */
import { useEffect } from 'preact/hooks';
import { CONVERSATION_STATUSES, type ConversationStatus, eventLine, type ExportFormat, type HistoryHit, type Snippet } from '@parley/protocol';
import { fullTime } from '../lib/time.ts';
import { team } from '../state/agents.ts';
import { listSites } from '../state/conversations.ts';
import { exportUrl, historyQuery, historyResults, loadEarlierTranscript, loadMoreHistory, openTranscript, searchNow, setHistoryFilter, transcript } from '../state/history.ts';
import { goToConversation, goToHistory, route } from '../state/router.ts';
import { FormError } from './AuthCard.tsx';
import { MessageBody } from './MessageLog.tsx';

const STATUS_LABELS: Record<ConversationStatus, string> = { open: 'Open', closed: 'Closed' };

/** A date input's day as milliseconds: its first or its last instant, in the agent's time zone. */
const dayStart = (day: string) => (day ? new Date(`${day}T00:00:00`).getTime() : null);
const dayEnd = (day: string) => (day ? new Date(`${day}T23:59:59.999`).getTime() : null);
const dayOf = (at: number | null) => {
  if (at === null) return '';
  const date = new Date(at);
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
};

export function History() {
  const current = route.value;
  const openId = current.name === 'history' ? current.conversationId : null;
  useEffect(() => void searchNow(), []);
  useEffect(() => void (openId && openTranscript(openId)), [openId]);
  return (
    <main class="page history" aria-labelledby="history-heading">
      <header class="page-header">
        <h2 id="history-heading">History</h2>
        <ExportButton format="csv" label="Export CSV" />
        <ExportButton format="json" label="Export JSON" />
      </header>
      <Filters />
      <div class="history-panes">
        <Results openId={openId} />
        {openId && <Transcript conversationId={openId} />}
      </div>
    </main>
  );
}

function ExportButton({ format, label }: { format: ExportFormat; label: string }) {
  return (
    <button
      type="button"
      onClick={() => {
        // A link the browser follows as a download: the server streams the file, the page stays.
        const link = document.createElement('a');
        link.href = exportUrl(format);
        link.download = '';
        link.click();
      }}
    >
      {label}
    </button>
  );
}

function Filters() {
  const query = historyQuery.value;
  return (
    <form
      role="search"
      class="history-filters"
      onSubmit={(event) => {
        event.preventDefault();
        void searchNow();
      }}
    >
      <input
        type="search"
        aria-label="Search conversations"
        placeholder="Search conversations"
        value={query.text ?? ''}
        onInput={(event) => setHistoryFilter({ text: event.currentTarget.value || null })}
      />
      <label>
        Customer
        <input type="text" value={query.customer ?? ''} placeholder="Name, email or phone" onInput={(event) => setHistoryFilter({ customer: event.currentTarget.value || null })} />
      </label>
      <label>
        Agent
        <select value={query.agent ?? ''} onChange={(event) => setHistoryFilter({ agent: event.currentTarget.value || null })}>
          <option value="">Anyone</option>
          {team.value.map((agent) => (
            <option key={agent.id} value={agent.id}>
              {agent.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        From
        <input type="date" value={dayOf(query.from)} onChange={(event) => setHistoryFilter({ from: dayStart(event.currentTarget.value) })} />
      </label>
      <label>
        To
        <input type="date" value={dayOf(query.to)} onChange={(event) => setHistoryFilter({ to: dayEnd(event.currentTarget.value) })} />
      </label>
      <label>
        Status
        <select value={query.status ?? ''} onChange={(event) => setHistoryFilter({ status: (event.currentTarget.value || null) as ConversationStatus | null })}>
          <option value="">Any</option>
          {CONVERSATION_STATUSES.map((status) => (
            <option key={status} value={status}>
              {STATUS_LABELS[status]}
            </option>
          ))}
        </select>
      </label>
      <label>
        Site
        <select value={query.site ?? ''} onChange={(event) => setHistoryFilter({ site: event.currentTarget.value || null })}>
          <option value="">All sites</option>
          {listSites.value.map((site) => (
            <option key={site.id} value={site.id}>
              {site.name}
            </option>
          ))}
        </select>
      </label>
    </form>
  );
}

function Results({ openId }: { openId: string | null }) {
  const { items, next, loading, error } = historyResults.value;
  return (
    <section class="history-results" aria-label="Search results">
      <p class="muted" role="status">
        {loading ? 'Searching…' : items ? `${items.length}${next ? '+' : ''} ${items.length === 1 ? 'conversation' : 'conversations'}` : ''}
      </p>
      <FormError message={error} />
      {items?.length === 0 && <p class="empty">No conversation matches.</p>}
      {items && items.length > 0 && (
        <ul class="history-hits" aria-label="Conversations found">
          {items.map((hit) => (
            <Hit key={hit.conversationId} hit={hit} open={hit.conversationId === openId} />
          ))}
        </ul>
      )}
      {next && (
        <button type="button" onClick={loadMoreHistory} disabled={loading}>
          More results
        </button>
      )}
    </section>
  );
}

function Hit({ hit, open }: { hit: HistoryHit; open: boolean }) {
  const { customer } = hit;
  return (
    <li>
      <button type="button" class="history-hit" aria-current={open ? 'true' : undefined} onClick={() => goToHistory(hit.conversationId)}>
        <span class="hit-head">
          <strong>{customer.displayName}</strong>
          <span class="muted">{hit.siteName}</span>
          <span class="status">{STATUS_LABELS[hit.status]}</span>
          <time dateTime={new Date(hit.updatedAt).toISOString()}>{fullTime(hit.updatedAt)}</time>
        </span>
        {hit.snippet && <Marked snippet={hit.snippet} />}
      </button>
    </li>
  );
}

/** The snippet as text nodes, the words found in <mark>: never as HTML. */
function Marked({ snippet }: { snippet: Snippet }) {
  const parts = [];
  let at = 0;
  for (const [start, end] of snippet.marks) {
    if (start > at) parts.push(snippet.text.slice(at, start));
    parts.push(<mark key={start}>{snippet.text.slice(start, end)}</mark>);
    at = end;
  }
  parts.push(snippet.text.slice(at));
  return <span class="snippet">{parts}</span>;
}

function Transcript({ conversationId }: { conversationId: string }) {
  const open = transcript.value?.conversationId === conversationId ? transcript.value : null;
  const hit = historyResults.value.items?.find((item) => item.conversationId === conversationId);
  return (
    <section class="history-transcript" aria-label={`Transcript with ${hit?.customer.displayName ?? 'the customer'}`}>
      <header class="page-header">
        <h3>{hit?.customer.displayName ?? 'Conversation'}</h3>
        {hit?.status === 'open' && (
          <button type="button" onClick={() => goToConversation(conversationId)}>
            Open in Inbox
          </button>
        )}
        <button type="button" class="ghost" onClick={() => goToHistory()}>
          Close
        </button>
      </header>
      <FormError message={open?.error ?? null} />
      {!open?.messages && !open?.error && <p class="muted">Loading…</p>}
      {open?.older && (
        <button type="button" class="ghost" onClick={() => void loadEarlierTranscript()}>
          Load earlier messages
        </button>
      )}
      {open?.messages && (
        <div class="log" role="log" aria-label="Transcript">
          {open.messages.map((message) =>
            message.event ? (
              <div key={message.id} class="transcript-event">
                {eventLine(message.event, message.authorName, message.subjectName, message.params)} · {fullTime(message.at)}
              </div>
            ) : (
              <div key={message.id} class={`message from-${message.author}`}>
                <span class="meta">
                  {message.author === 'visitor' ? (hit?.customer.displayName ?? 'Customer') : (message.authorName ?? 'Automatic reply')} · {fullTime(message.at)}
                </span>
                <span class="bubble">
                  <MessageBody message={message} />
                </span>
              </div>
            ),
          )}
        </div>
      )}
    </section>
  );
}
