/** Types for size.mjs, so the tests can import it. */
export interface SetSize {
  files: string[];
  min: number;
  gzip: number;
  brotli: number;
}
export const PRE_OPEN_GZIP_BUDGET: number;
export const PRE_OPEN_MAX_FILES: number;
export const OPENED_GZIP_BUDGET: number;
export function measure(dist: string): { preOpen: SetSize; panel: SetSize; language: SetSize; opened: SetSize };
