/** The FileStore contract on disk (`uploads/` in the data dir), plus what only a disk shows: no temporary file is left behind. */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nanoid } from 'nanoid';
import { expect, it } from 'vitest';
import { createDiskFileStore } from '../../src/adapters/files/disk.ts';
import { describeFileStore } from './file-store.contract.ts';

describeFileStore('disk', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'parley-files-'));
  return {
    files: createDiskFileStore(join(dir, 'uploads')),
    reopen: async () => createDiskFileStore(join(dir, 'uploads')),
    destroy: async () => rmSync(dir, { recursive: true, force: true }),
  };
});

it('writes each file under a temporary name and renames it: none is left, failed or not', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'parley-files-'));
  const files = createDiskFileStore(dir);
  const id = nanoid();
  await files.put(id, new Uint8Array([1]));
  await expect(files.put(id, new Uint8Array([2]))).rejects.toThrow();
  expect(readdirSync(dir)).toEqual([id]);
  rmSync(dir, { recursive: true, force: true });
});
