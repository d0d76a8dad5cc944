/** The emoji flag of a country, from its ISO 3166-1 alpha-2 code. */

// A flag is the code's two letters spelled as regional indicator symbols; platforms draw the pair.
const REGIONAL_INDICATOR_A = 0x1f1e6;

/** '' when the code is not two ASCII letters, so it can be rendered as is. */
export function countryFlag(countryCode: string | null | undefined): string {
  if (!countryCode || !/^[a-z]{2}$/i.test(countryCode)) return '';
  const code = countryCode.toUpperCase();
  return String.fromCodePoint(
    REGIONAL_INDICATOR_A + code.charCodeAt(0) - 65,
    REGIONAL_INDICATOR_A + code.charCodeAt(1) - 65,
  );
}
