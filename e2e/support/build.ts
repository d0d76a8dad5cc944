/** Playwright's global setup: builds whatever is missing or stale, so the specs drive what `pnpm start` runs. */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export default function build() {
  execFileSync(process.execPath, [fileURLToPath(new URL('../../apps/server/scripts/ensure-built.mjs', import.meta.url))], { stdio: 'inherit' });
}
