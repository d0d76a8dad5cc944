/** Everyone on a site now: where they are, for how long, and a way to write to them first; below, the messages scheduled to customers. */
import type { VisitorProfile } from '@parley/protocol';
import { placeName } from '../lib/location.ts';
import { duration } from '../lib/time.ts';
import { secondNow } from '../state/clock.ts';
import { synced } from '../state/sync.ts';
import { onlineVisitors } from '../state/visitors.ts';
import { PageAddress } from './PageAddress.tsx';
import { PendingMessages } from './PendingMessages.tsx';
import { GeoAttribution, Place } from './Place.tsx';
import { WriteToCustomer } from './WriteToCustomer.tsx';

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
      <PendingMessages />
    </main>
  );
}

function VisitorRow({ visitor }: { visitor: VisitorProfile }) {
  const { page, visits, visitStartedAt } = visitor.context;
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
      </div>
      <WriteToCustomer visitorId={visitor.id} label="Start chat" />
    </li>
  );
}

/** Its own component: only this re-renders every second. */
function TimeOnSite({ since }: { since: number }) {
  return <span class="ticking">{duration(secondNow.value - since)}</span>;
}
