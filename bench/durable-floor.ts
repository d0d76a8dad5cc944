/**
 * The load benchmark's durable floor: the bare relay storing each message in SQLite the cheapest
 * durable way (WAL, synchronous=NORMAL, one transaction per event-loop turn, ack after commit).
 * Run alone: `PORT=N DATA_DIR=DIR node --import tsx bench/durable-floor.ts`.
 */
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Draft, type MessageStore, startRelay, toMessage } from './relay.ts';

// The very better-sqlite3 build Parley runs on, resolved from the server's package.
const Database = createRequire(new URL('../apps/server/package.json', import.meta.url))('better-sqlite3');

/** The columns a message needs to be durable, ordered and deduplicated, indexed as Parley's are. */
const SCHEMA = `
  CREATE TABLE IF NOT EXISTS conversations (id TEXT PRIMARY KEY, last_seq INTEGER NOT NULL DEFAULT 0, updated_at INTEGER NOT NULL);
  CREATE TABLE IF NOT EXISTS messages (
    id TEXT PRIMARY KEY,
    conversation_id TEXT NOT NULL REFERENCES conversations (id),
    seq INTEGER NOT NULL,
    client_id TEXT,
    text TEXT NOT NULL,
    created_at INTEGER NOT NULL
  );
  CREATE UNIQUE INDEX IF NOT EXISTS messages_seq ON messages (conversation_id, seq);
  CREATE UNIQUE INDEX IF NOT EXISTS messages_client ON messages (conversation_id, client_id);
`;

export function openFloor(file: string): MessageStore {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.exec(SCHEMA);
  const ensure = db.prepare('INSERT INTO conversations (id, updated_at) VALUES (?, ?) ON CONFLICT (id) DO NOTHING');
  const bump = db.prepare('UPDATE conversations SET last_seq = last_seq + 1, updated_at = ? WHERE id = ? RETURNING last_seq');
  const insert = db.prepare('INSERT INTO messages (id, conversation_id, seq, client_id, text, created_at) VALUES (?, ?, ?, ?, ?, ?)');
  return db.transaction((batch: Draft[]) =>
    batch.map((draft) => {
      ensure.run(draft.conversationId, draft.at);
      const { last_seq: seq } = bump.get(draft.at, draft.conversationId) as { last_seq: number };
      const id = randomUUID();
      insert.run(id, draft.conversationId, seq, draft.clientId, draft.text, draft.at);
      return toMessage(draft, id, seq);
    }),
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await startRelay(Number(process.env.PORT), openFloor(join(process.env.DATA_DIR!, 'floor.db')));
}
