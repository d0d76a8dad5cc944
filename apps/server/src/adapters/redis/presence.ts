/**
 * Presence over Redis, shared by every node. Each socket is kept under its person and under its
 * node, so a node's entries can be dropped together; every node beats (a sorted set of node → last
 * beat, in Redis's clock), and each beat also drops the nodes that stopped beating, reporting who
 * went offline by it. A node re-registers the sockets it holds when Redis lost them: after a
 * restart, or after it was itself dropped for going quiet too long.
 */
import type { Presence, PresenceEntry, PresenceKind } from '../../ports/presence.ts';
import { luaScript, type RedisClient } from './client.ts';

/**
 * Keys, under ARGV[1] (the prefix): `sockets:KIND:ID` hash NODE\0CONNECTION → site ('' for none);
 * `node:NODE` hash KIND\0ID\0CONNECTION → site; `online:KIND` set of ids with a socket;
 * `site:SITE` hash visitor → sockets there; `sites` set of sites with a visitor; `nodes` sorted set
 * NODE → its last beat. NUL is in no id, node or connection, so joined fields never collide.
 * The keys are named inside the scripts (one Redis, not a cluster).
 */
const LIB = String.raw`
local P = ARGV[1]
local function sockets(kind, id) return P .. 'sockets:' .. kind .. ':' .. id end

local function remove(kind, id, node, connection)
  local person = sockets(kind, id)
  local site = redis.call('HGET', person, node .. '\0' .. connection)
  if not site then return end
  redis.call('HDEL', person, node .. '\0' .. connection)
  if redis.call('HLEN', person) == 0 then redis.call('SREM', P .. 'online:' .. kind, id) end
  redis.call('HDEL', P .. 'node:' .. node, kind .. '\0' .. id .. '\0' .. connection)
  if kind == 'visitor' and site ~= '' then
    local visitors = P .. 'site:' .. site
    if redis.call('HINCRBY', visitors, id, -1) <= 0 then redis.call('HDEL', visitors, id) end
    if redis.call('HLEN', visitors) == 0 then redis.call('SREM', P .. 'sites', site) end
  end
end

local function add(kind, id, site, node, connection)
  -- The same socket announced twice is one socket.
  remove(kind, id, node, connection)
  redis.call('HSET', sockets(kind, id), node .. '\0' .. connection, site)
  redis.call('SADD', P .. 'online:' .. kind, id)
  redis.call('HSET', P .. 'node:' .. node, kind .. '\0' .. id .. '\0' .. connection, site)
  if kind == 'visitor' and site ~= '' then
    redis.call('HINCRBY', P .. 'site:' .. site, id, 1)
    redis.call('SADD', P .. 'sites', site)
  end
  return redis.call('HLEN', sockets(kind, id))
end

local function now()
  local time = redis.call('TIME')
  return tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
end

-- Appends kind, id pairs of those who went offline to 'offline'.
local function drop(node, offline)
  local held = P .. 'node:' .. node
  for _, field in ipairs(redis.call('HKEYS', held)) do
    local a = string.find(field, '\0', 1, true)
    local b = string.find(field, '\0', a + 1, true)
    local kind, id = string.sub(field, 1, a - 1), string.sub(field, a + 1, b - 1)
    remove(kind, id, node, string.sub(field, b + 1))
    if redis.call('HLEN', sockets(kind, id)) == 0 then
      table.insert(offline, kind)
      table.insert(offline, id)
    end
  end
  redis.call('DEL', held)
  redis.call('ZREM', P .. 'nodes', node)
end
`;

const script = (body: string) => luaScript(LIB + body);

/** ARGV: prefix, kind, id, site, node, connection. A node first seen here counts as beating now. */
const connectScript = script(`
redis.call('ZADD', P .. 'nodes', 'NX', now(), ARGV[5])
return add(ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6])
`);
/** ARGV: prefix, kind, id, node, connection. */
const disconnectScript = script(`
remove(ARGV[2], ARGV[3], ARGV[4], ARGV[5])
return redis.call('HLEN', sockets(ARGV[2], ARGV[3]))
`);
/** ARGV: prefix, node. */
const dropScript = script(`
local offline = {}
drop(ARGV[2], offline)
return offline
`);
/**
 * ARGV: prefix, node, ttl. Records the beat, then drops every node whose last beat is older than
 * ttl. Replies { 1 if this node was unknown (its sockets must be registered again), kind, id, … }.
 */
const beatScript = script(`
local at = now()
local unknown = redis.call('ZADD', P .. 'nodes', at, ARGV[2])
local reply = { unknown }
for _, node in ipairs(redis.call('ZRANGEBYSCORE', P .. 'nodes', '-inf', at - tonumber(ARGV[3]))) do
  if node ~= ARGV[2] then drop(node, reply) end
end
return reply
`);
/** ARGV: prefix, node, then kind, id, site, connection for each socket the node holds: replaces what Redis has of it. */
const resyncScript = script(`
local node = ARGV[2]
drop(node, {})
redis.call('ZADD', P .. 'nodes', now(), node)
for i = 3, #ARGV, 4 do add(ARGV[i], ARGV[i + 1], ARGV[i + 2], node, ARGV[i + 3]) end
`);

export type Offline = Array<{ kind: PresenceKind; id: string }>;

export interface RedisPresenceOptions {
  prefix: string;
  /** This node: the sockets it announces are re-registered by it when Redis lost them. */
  node: string;
  /** How long a node may go without beating before a beat of another drops it. */
  ttlMs: number;
  /** How often this node beats; unset: no timer (tests beat by hand). */
  beatEveryMs?: number;
  report(error: unknown): void;
}

export interface RedisPresence extends Required<Presence> {
  /** One heartbeat: refreshes this node, drops the silent ones; resolves with who went offline by them. */
  beat(): Promise<Offline>;
  /** Stops the heartbeat. */
  stop(): void;
}

const pairs = (flat: readonly string[]): Offline => {
  const offline: Offline = [];
  for (let i = 0; i + 1 < flat.length; i += 2) offline.push({ kind: flat[i] as PresenceKind, id: flat[i + 1]! });
  return offline;
};

export function createRedisPresence(client: RedisClient, options: RedisPresenceOptions): RedisPresence {
  const { prefix, node, report } = options;
  const expired: Array<(offline: Offline) => void> = [];
  /** The sockets this node holds, as it announced them: what it registers again. */
  const held = new Map<string, PresenceEntry>();
  const heldKey = (entry: Pick<PresenceEntry, 'kind' | 'id' | 'connection'>) => `${entry.kind}\0${entry.id}\0${entry.connection}`;

  async function resync() {
    const args: string[] = [prefix, node];
    for (const entry of held.values()) args.push(entry.kind, entry.id, entry.siteId ?? '', entry.connection);
    await resyncScript(client, [], args);
  }

  async function beat() {
    const [unknown, ...offline] = await beatScript<[number, ...string[]]>(client, [], [prefix, node, options.ttlMs]);
    if (unknown === 1 && held.size > 0) await resync();
    return pairs(offline);
  }

  // Connected already: every 'ready' from now on follows an outage, and Redis may have restarted empty.
  const onReady = () => void resync().catch(report);
  client.on('ready', onReady);

  const timer = options.beatEveryMs
    ? setInterval(() => {
        beat()
          .then((offline) => {
            if (offline.length > 0) for (const listener of expired) listener(offline);
          })
          .catch(report);
      }, options.beatEveryMs)
    : null;
  timer?.unref();

  return {
    async connect(entry) {
      if (entry.node === node) held.set(heldKey(entry), { ...entry });
      return connectScript<number>(client, [], [prefix, entry.kind, entry.id, entry.siteId ?? '', entry.node, entry.connection]);
    },
    async disconnect(entry) {
      if (entry.node === node) held.delete(heldKey(entry));
      return disconnectScript<number>(client, [], [prefix, entry.kind, entry.id, entry.node, entry.connection]);
    },
    count: (kind, id) => client.hLen(`${prefix}sockets:${kind}:${id}`),
    async onlineOf(kind, ids) {
      if (ids.length === 0) return new Set();
      const member = await client.smIsMember(`${prefix}online:${kind}`, [...ids]);
      return new Set(ids.filter((_, i) => member[i] === 1));
    },
    async online(kind, siteId) {
      if (siteId === undefined) return client.sMembers(`${prefix}online:${kind}`);
      // Agents belong to no site.
      return kind === 'visitor' ? client.hKeys(`${prefix}site:${siteId}`) : [];
    },
    sitesWithVisitors: () => client.sMembers(`${prefix}sites`),
    async dropNode(dropped) {
      if (dropped === node) held.clear();
      return pairs(await dropScript<string[]>(client, [], [prefix, dropped]));
    },
    onExpired(listener) {
      expired.push(listener);
    },
    beat,
    stop() {
      if (timer) clearInterval(timer);
      client.off('ready', onReady);
    },
  };
}
