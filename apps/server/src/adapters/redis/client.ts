/** Connections to Redis: given up on if the first one fails, then kept up forever (backing off) once they were. */
import { createHash } from 'node:crypto';
import { createClient, type RedisClientType } from '@redis/client';

/** No modules, functions or scripts of the client's own; RESP3, the client's default. */
export type RedisClient = RedisClientType<{}, {}, {}, 3, {}>;

/** About four and a half seconds of tries: a node with a wrong PARLEY_REDIS_URL stops with a message instead of hanging. */
const FIRST_CONNECT_TRIES = 8;
const MAX_BACKOFF_MS = 1_000;

/** The URL without its password, for messages. */
function shown(url: string) {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname === '/' ? '' : parsed.pathname}`;
  } catch {
    return 'PARLEY_REDIS_URL';
  }
}

/**
 * Commands sent while Redis is away wait in the client's queue and run once it is back: a restart
 * of a second or two delays presence and limits, it does not fail them. `role` names the
 * connection in the one line logged per outage.
 */
export async function connectRedis(url: string, role: string, log: (line: string) => void = console.error): Promise<RedisClient> {
  let up = false;
  let outage: string | null = null;
  const client = createClient({
    url,
    socket: {
      reconnectStrategy(retries, cause) {
        if (!up && retries >= FIRST_CONNECT_TRIES) return new Error(`Redis at ${shown(url)} did not answer (${cause.message}): start it, or fix PARLEY_REDIS_URL.`);
        return Math.min(50 * 2 ** retries, MAX_BACKOFF_MS);
      },
    },
  });
  // Without a listener an 'error' event would end the process; a lost connection is retried instead.
  client.on('error', (error: Error) => {
    if (!up || outage !== null) return;
    outage = error.message;
    log(`Redis (${role}): connection lost (${error.message}); reconnecting.`);
  });
  client.on('ready', () => {
    if (outage !== null) log(`Redis (${role}): reconnected.`);
    outage = null;
  });
  await client.connect();
  up = true;
  return client;
}

/**
 * A Lua script, run by its hash; sent whole when Redis has not seen it yet (first use, or after a
 * restart emptied its script cache). Redis runs a script atomically: no other command interleaves.
 */
export function luaScript(source: string) {
  const sha = createHash('sha1').update(source).digest('hex');
  return async function runScript<T>(client: RedisClient, keys: readonly string[], args: readonly (string | number)[]): Promise<T> {
    const rest = [String(keys.length), ...keys, ...args.map(String)];
    try {
      return (await client.sendCommand(['EVALSHA', sha, ...rest])) as T;
    } catch (error) {
      if (!(error instanceof Error && error.message.startsWith('NOSCRIPT'))) throw error;
      return (await client.sendCommand(['EVAL', source, ...rest])) as T;
    }
  };
}
