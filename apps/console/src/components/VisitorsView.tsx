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
import { strings } from '../strings.ts';

export function VisitorsView() {
  const visitors = onlineVisitors.value;
  const count = strings.visitorsView.onYourSites(visitors.length);
  return (
    <main class="page" aria-labelledby="visitors-heading">
      <header class="page-header">
        <h1 id="visitors-heading">{strings.visitorsView.visitorsOnline}</h1>
        <span class="muted">{synced.value ? count : strings.common.loading}</span>
      </header>
      {synced.value && visitors.length === 0 && <p class="empty">{strings.visitorsView.noOne}</p>}
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
              <span class="page-title">{page.title || strings.visitorsView.untitledPage}</span>
              <PageAddress url={page.url} />
            </>
          ) : (
            <span class="muted">{strings.visitorsView.pageUnknown}</span>
          )}
        </div>
        <Place visitor={visitor} />
        <span class="on-site">
          <span class="muted">{strings.visitorsView.onSite}</span>
          {visitStartedAt === null ? '—' : <TimeOnSite since={visitStartedAt} />}
        </span>
        <span class="visits">{strings.visitorsView.visits(visits)}</span>
      </div>
      <WriteToCustomer visitorId={visitor.id} label={strings.visitorsView.startChat} />
    </li>
  );
}

/** Its own component: only this re-renders every second. */
function TimeOnSite({ since }: { since: number }) {
  return <span class="ticking">{duration(secondNow.value - since)}</span>;
}
