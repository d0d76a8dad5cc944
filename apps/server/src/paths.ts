/** Where the server package lives on disk: the same folder whether this runs from src/ (tsx) or bundled in dist/. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function serverRoot(): string {
  // Walks up rather than counting `..`: the bundle puts this module at a different depth than the source.
  for (let dir = dirname(fileURLToPath(import.meta.url)); dir !== dirname(dir); dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).name === '@parley/server') return dir;
  }
  throw new Error(`No @parley/server package.json found above ${fileURLToPath(import.meta.url)}.`);
}

/** apps/server: holds drizzle/ (the migrations) and dist/ (the build). */
export const SERVER_ROOT = serverRoot();
/** The repository: holds the built widget and console the server serves. */
export const REPO_ROOT = join(SERVER_ROOT, '../..');
