/** Types for size.mjs, so the tests can import it. */
export interface SetSize {
  files: string[];
  min: number;
  gzip: number;
  brotli: number;
}
export const PRE_OPEN_GZIP_BUDGET: number;
export function measure(dist: string): { preOpen: SetSize; panel: SetSize };
