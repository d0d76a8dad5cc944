/** What every FileStore adapter must do, run unchanged against each: bytes back as stored, by id only, all or nothing. */
import { randomBytes } from 'node:crypto';
import { nanoid } from 'nanoid';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FileStore } from '../../src/ports/file-store.ts';

export interface FileStoreFixture {
  files: FileStore;
  /** The same storage opened again, as another node or a restart sees it. */
  reopen(): Promise<FileStore>;
  destroy(): Promise<void>;
}

export function describeFileStore(name: string, make: () => Promise<FileStoreFixture>) {
  describe(`FileStore contract: ${name}`, () => {
    let fixture: FileStoreFixture;
    beforeEach(async () => {
      fixture = await make();
    });
    afterEach(() => fixture.destroy());

    it('gives the bytes back exactly, also once reopened, and null for an id it never stored', async () => {
      const id = nanoid();
      const bytes = new Uint8Array(randomBytes(300_000));
      await fixture.files.put(id, bytes);
      // Compared as buffers: an element-wise deep equal of 300 kB takes seconds.
      const same = (got: Uint8Array | null) => got !== null && Buffer.from(got).equals(bytes);
      expect(same(await fixture.files.get(id))).toBe(true);
      expect(same(await (await fixture.reopen()).get(id))).toBe(true);
      expect(await fixture.files.get(nanoid())).toBeNull();
    });

    it('deletes, and deleting what is not there is no error', async () => {
      const id = nanoid();
      await fixture.files.put(id, new Uint8Array([1, 2, 3]));
      await fixture.files.delete(id);
      await fixture.files.delete(id);
      expect(await fixture.files.get(id)).toBeNull();
    });

    it('keeps many files apart, written at once', async () => {
      const ids = Array.from({ length: 20 }, () => nanoid());
      await Promise.all(ids.map((id, i) => fixture.files.put(id, new Uint8Array([i, i, i]))));
      for (const [i, id] of ids.entries()) expect(await fixture.files.get(id)).toEqual(new Uint8Array([i, i, i]));
    });

    it('refuses to store a second file under an id, keeping the first', async () => {
      const id = nanoid();
      await fixture.files.put(id, new Uint8Array([1]));
      await expect(fixture.files.put(id, new Uint8Array([2]))).rejects.toThrow();
      expect(await fixture.files.get(id)).toEqual(new Uint8Array([1]));
    });

    it('finds nothing by a path or an id that is not one', async () => {
      for (const id of ['../parley.db', '', '.', 'a/b']) expect(await fixture.files.get(id)).toBeNull();
    });
  });
}
