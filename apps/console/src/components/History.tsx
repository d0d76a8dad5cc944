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
import { strings } from '../strings.ts';

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
        <h1 id="history-heading">{strings.history.history}</h1>
        <ExportButton format="csv" label={strings.history.exportCsv} />
        <ExportButton format="json" label={strings.history.exportJson} />
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
        aria-label={strings.history.searchConversations}
        placeholder={strings.history.searchConversations}
        value={query.text ?? ''}
        onInput={(event) => setHistoryFilter({ text: event.currentTarget.value || null })}
      />
      <label>
        {strings.history.customer}
        <input type="text" value={query.customer ?? ''} placeholder={strings.common.nameEmailOrPhone} onInput={(event) => setHistoryFilter({ customer: event.currentTarget.value || null })} />
      </label>
      <label>
        {strings.history.agent}
        <select value={query.agent ?? ''} onChange={(event) => setHistoryFilter({ agent: event.currentTarget.value || null })}>
          <option value="">{strings.history.anyone}</option>
          {team.value.map((agent) => (
            <option key={agent.id} value={agent.id}>
              {agent.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        {strings.history.from}
        <input type="date" value={dayOf(query.from)} onChange={(event) => setHistoryFilter({ from: dayStart(event.currentTarget.value) })} />
      </label>
      <label>
        {strings.history.to}
        <input type="date" value={dayOf(query.to)} onChange={(event) => setHistoryFilter({ to: dayEnd(event.currentTarget.value) })} />
      </label>
      <label>
        {strings.common.status}
        <select value={query.status ?? ''} onChange={(event) => setHistoryFilter({ status: (event.currentTarget.value || null) as ConversationStatus | null })}>
          <option value="">{strings.history.any}</option>
          {CONVERSATION_STATUSES.map((status) => (
            <option key={status} value={status}>
              {strings.common.conversationStatuses[status]}
            </option>
          ))}
        </select>
      </label>
      <label>
        {strings.common.site}
        <select value={query.site ?? ''} onChange={(event) => setHistoryFilter({ site: event.currentTarget.value || null })}>
          <option value="">{strings.common.allSites}</option>
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
    <section class="history-results" aria-label={strings.history.searchResults}>
      <p class="muted" role="status">
        {loading ? strings.common.searching : items ? strings.history.results(items.length, Boolean(next)) : ''}
      </p>
      <FormError message={error} />
      {items?.length === 0 && <p class="empty">{strings.history.noMatch}</p>}
      {items && items.length > 0 && (
        <ul class="history-hits" aria-label={strings.history.found}>
          {items.map((hit) => (
            <Hit key={hit.conversationId} hit={hit} open={hit.conversationId === openId} />
          ))}
        </ul>
      )}
      {next && (
        <button type="button" onClick={loadMoreHistory} disabled={loading}>
          {strings.history.moreResults}
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
          <span class="status">{strings.common.conversationStatuses[hit.status]}</span>
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
    <section class="history-transcript" aria-label={strings.history.transcriptWith(hit?.customer.displayName ?? strings.history.theCustomer)}>
      <header class="page-header">
        <h2>{hit?.customer.displayName ?? strings.history.conversation}</h2>
        {hit?.status === 'open' && (
          <button type="button" onClick={() => goToConversation(conversationId)}>
            {strings.history.openInInbox}
          </button>
        )}
        <button type="button" class="ghost" onClick={() => goToHistory()}>
          {strings.history.close}
        </button>
      </header>
      <FormError message={open?.error ?? null} />
      {!open?.messages && !open?.error && <p class="muted">{strings.common.loading}</p>}
      {open?.older && (
        <button type="button" class="ghost" onClick={() => void loadEarlierTranscript()}>
          {strings.history.loadEarlier}
        </button>
      )}
      {open?.messages && (
        <div class="log" role="log" aria-label={strings.history.transcript}>
          {open.messages.map((message) =>
            message.event ? (
              <div key={message.id} class="transcript-event">
                {eventLine(message.event, message.authorName, message.subjectName, message.params)} · {fullTime(message.at)}
              </div>
            ) : (
              <div key={message.id} class={`message from-${message.author}`}>
                <span class="meta">
                  {message.author === 'visitor' ? (hit?.customer.displayName ?? strings.history.customer) : (message.authorName ?? strings.history.automaticReply)} · {fullTime(message.at)}
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
