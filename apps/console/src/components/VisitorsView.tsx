/** Everyone on a site now: where they are, for how long, and a way to write to them first. */
import { useEffect, useRef } from 'preact/hooks';
import { MAX_MESSAGE_LENGTH, type VisitorProfile } from '@parley/protocol';
import { placeName } from '../lib/location.ts';
import { duration } from '../lib/time.ts';
import { secondNow } from '../state/clock.ts';
import { cancelStartChat, openStartChat, sendStartChat, setStartText, startChat, type StartChat } from '../state/start-chat.ts';
import { synced } from '../state/sync.ts';
import { onlineVisitors } from '../state/visitors.ts';
import { PageAddress } from './PageAddress.tsx';
import { GeoAttribution, Place } from './Place.tsx';

export function VisitorsView() {
  const visitors = onlineVisitors.value;
  const count = visitors.length === 1 ? '1 visitor on your sites now' : `${visitors.length} visitors on your sites now`;
  return (
    <main class="page" aria-labelledby="visitors-heading">
      <header class="page-header">
        <h2 id="visitors-heading">Visitors online</h2>
        <span class="muted">{synced.value ? count : 'Loading…'}</span>
      </header>
      {synced.value && visitors.length === 0 && <p class="empty">No one is on your sites right now.</p>}
      <ul class="visitor-rows" aria-labelledby="visitors-heading">
        {visitors.map((visitor) => (
          <VisitorRow key={visitor.id} visitor={visitor} />
        ))}
      </ul>
      {visitors.some((v) => placeName(v.location)) && <GeoAttribution />}
    </main>
  );
}

function VisitorRow({ visitor }: { visitor: VisitorProfile }) {
  const { page, visits, visitStartedAt } = visitor.context;
  const start = startChat.value?.visitorId === visitor.id ? startChat.value : null;
  return (
    <li class="visitor-row">
      <div class="visitor-summary">
        <div class="who">
          <span class="name">{visitor.displayName}</span>
          {visitor.email && <span class="muted">{visitor.email}</span>}
        </div>
        <div class="page-info">
          {page ? (
            <>
              <span class="page-title">{page.title || 'Untitled page'}</span>
              <PageAddress url={page.url} />
            </>
          ) : (
            <span class="muted">Page unknown</span>
          )}
        </div>
        <Place visitor={visitor} />
        <span class="on-site">
          <span class="muted">On site </span>
          {visitStartedAt === null ? '—' : <TimeOnSite since={visitStartedAt} />}
        </span>
        <span class="visits">{visits === 1 ? '1 visit' : `${visits} visits`}</span>
        <button type="button" aria-expanded={start !== null} onClick={() => openStartChat(visitor.id)}>
          Start chat
        </button>
      </div>
      {start && <StartChatForm start={start} />}
    </li>
  );
}

/** Its own component: only this re-renders every second. */
function TimeOnSite({ since }: { since: number }) {
  return <span class="ticking">{duration(secondNow.value - since)}</span>;
}

function StartChatForm({ start }: { start: StartChat }) {
  const input = useRef<HTMLTextAreaElement>(null);
  const inputId = `start-${start.visitorId}`;
  const sending = start.clientId !== null;
  useEffect(() => input.current?.focus(), [start.visitorId]);

  return (
    <form
      class="start-chat"
      onSubmit={(event) => {
        event.preventDefault();
        sendStartChat();
      }}
    >
      <label class="visually-hidden" for={inputId}>
        Message to visitor
      </label>
      <textarea
        id={inputId}
        ref={input}
        rows={2}
        maxLength={MAX_MESSAGE_LENGTH}
        placeholder="Say hello. Enter sends."
        value={start.text}
        readOnly={sending}
        onInput={(event) => setStartText(event.currentTarget.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
            event.preventDefault();
            sendStartChat();
          }
          if (event.key === 'Escape') cancelStartChat();
        }}
      />
      <button type="submit" class="primary" disabled={sending || !start.text.trim()}>
        Send
      </button>
      <button type="button" onClick={cancelStartChat}>
        Cancel
      </button>
      <span class="muted" role="status">
        {sending ? (start.conversationId ? 'Opening the conversation…' : 'Sending…') : ''}
      </span>
      {start.error && (
        <p role="alert" class="form-error">
          {start.error}
        </p>
      )}
    </form>
  );
}
