/** The FileStore in PostgreSQL (the `files` table of bytes): every node serves every file, with no shared disk. */
import type pg from 'pg';
import type { FileStore } from '../../ports/file-store.ts';

export function createPostgresFileStore(pool: pg.Pool): FileStore {
  return {
    async put(id, bytes) {
      await pool.query('INSERT INTO files (id, bytes) VALUES ($1, $2)', [id, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)]);
    },
    async get(id) {
      const { rows } = await pool.query<{ bytes: Buffer }>('SELECT bytes FROM files WHERE id = $1', [id]);
      return rows[0] ? new Uint8Array(rows[0].bytes) : null;
    },
    async delete(id) {
      await pool.query('DELETE FROM files WHERE id = $1', [id]);
    },
  };
}
