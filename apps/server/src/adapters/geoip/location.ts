/** Where a visitor is, read from either record shape of the supported .mmdb databases. */
import type { Location } from '@parley/protocol';

export type { Location };

type Names = { names?: Record<string, string> };
/** ip-location-db (the bundled DB-IP lite database): flat fields. */
type FlatRecord = { city?: string; state1?: string; country_code?: string };
/** MaxMind GeoLite2/GeoIP2 City: nested, with names per language. */
type GeoLite2Record = {
  city?: Names;
  subdivisions?: Names[];
  country?: Names & { iso_code?: string };
};

// The bundled database carries codes only; names come from the runtime's ICU data.
const regionNames = new Intl.DisplayNames('en', { type: 'region' });

/** Null when the record places the address nowhere. The result is frozen: lookups share it. */
export function toLocation(record: unknown): Location | null {
  if (typeof record !== 'object' || record === null) return null;
  const flat = record as FlatRecord;
  const nested = record as GeoLite2Record;
  const countryCode = countryCodeOf(flat.country_code ?? nested.country?.iso_code);
  const location: Location = {
    city: text(flat.city) ?? text(nested.city?.names?.en),
    region: text(flat.state1) ?? text(nested.subdivisions?.[0]?.names?.en),
    country: text(nested.country?.names?.en) ?? countryName(countryCode),
    countryCode,
  };
  if (Object.values(location).every((value) => value === null)) return null;
  return Object.freeze(location);
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

function countryCodeOf(value: unknown): string | null {
  const code = text(value)?.toUpperCase();
  // ZZ is the "unknown country" code some databases use.
  return code && /^[A-Z]{2}$/.test(code) && code !== 'ZZ' ? code : null;
}

function countryName(code: string | null): string | null {
  if (code === null) return null;
  const name = regionNames.of(code);
  // ICU echoes codes it has no name for.
  return name && name !== code ? name : null;
}
