/** A visitor's location as one line: flag and place, or "Unknown" with their time zone; and the data's attribution. */
import type { VisitorProfile } from '@parley/protocol';
import { locationText } from '../lib/location.ts';
import { strings } from '../strings.ts';

export function Place({ visitor }: { visitor: VisitorProfile }) {
  const { flag, text } = locationText(visitor.location, visitor.context.timeZone);
  return (
    <span class="place">
      {flag && (
        <span class="flag" aria-hidden="true">
          {flag}{' '}
        </span>
      )}
      {text}
    </span>
  );
}

/** CC-BY: shown wherever a looked-up location is (see placeName). */
export function GeoAttribution() {
  return (
    <p class="attribution">
      <a href="https://db-ip.com">{strings.place.attribution}</a>
    </p>
  );
}
