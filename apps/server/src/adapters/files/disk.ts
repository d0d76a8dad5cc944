/**
 * The FileStore in a directory (`$PARLEY_DATA_DIR/uploads`): one file per id, written under a
 * temporary name and then linked to its id, so a reader sees all of it or nothing, and an id
 * already stored is refused rather than overwritten.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { link, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FileStore } from '../../ports/file-store.ts';

/** Attachment ids are nanoids: anything else (a path, a dot) never reaches the file system. */
const ID = /^[A-Za-z0-9_-]{21,64}$/;

const isMissing = (error: unknown) => (error as NodeJS.ErrnoException).code === 'ENOENT';

export function createDiskFileStore(dir: string): FileStore {
  mkdirSync(dir, { recursive: true });
  const path = (id: string) => {
    if (!ID.test(id)) throw new Error(`"${id}" is not a file id.`);
    return join(dir, id);
  };
  return {
    async put(id, bytes) {
      const target = path(id);
      // Dot-named: never a valid id, so a crash mid-write leaves nothing get() could return.
      const temporary = join(dir, `.${id}.${randomBytes(6).toString('hex')}.tmp`);
      try {
        await writeFile(temporary, bytes, { flag: 'wx', flush: true });
        await link(temporary, target);
      } finally {
        await rm(temporary, { force: true });
      }
    },
    async get(id) {
      if (!ID.test(id)) return null;
      try {
        return new Uint8Array(await readFile(path(id)));
      } catch (error) {
        if (isMissing(error)) return null;
        throw error;
      }
    },
    async delete(id) {
      if (ID.test(id)) await rm(path(id), { force: true });
    },
  };
}
