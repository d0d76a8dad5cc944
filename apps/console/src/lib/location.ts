/** How a visitor's rough location reads: a flag and "City, Region, Country", or "Unknown" with a time zone hint. */
import { countryFlag, type Location } from '@parley/protocol';
import { strings } from '../strings.ts';

/**
 * "City, Region, Country" from the known parts, a part equal to the one before it said once; null
 * when none is known. Where it is not null, the geolocation data's attribution is due.
 */
export function placeName(location: Location | null): string | null {
  if (!location) return null;
  const parts: string[] = [];
  for (const part of [location.city, location.region, location.country]) {
    const name = part?.trim();
    if (name && name !== parts.at(-1)) parts.push(name);
  }
  return parts.length ? parts.join(', ') : null;
}

export interface LocationText {
  flag: string;
  text: string;
}

/** The browser's time zone stands in as a hint when the address told nothing. */
export function locationText(location: Location | null, timeZone: string | null): LocationText {
  const place = placeName(location);
  if (place) return { flag: countryFlag(location?.countryCode), text: place };
  return { flag: '', text: timeZone ? strings.place.unknownInZone(timeZone) : strings.place.unknown };
}
