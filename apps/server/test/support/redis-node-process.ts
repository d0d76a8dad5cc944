/**
 * One node's Redis adapters in their own process, to be killed: argv is the Redis URL, the key
 * prefix, the node name, the dead-socket time and the sockets it holds (JSON, PresenceEntry
 * without the node). Announces them, prints "ready", and beats until it is killed.
 */
import { openRedisPorts } from '../../src/adapters/redis/index.ts';
import type { PresenceEntry } from '../../src/ports/presence.ts';

const [url, prefix, node, deadAfterMs, sockets] = process.argv.slice(2) as [string, string, string, string, string];
const { presence } = await openRedisPorts(url, node, { prefix, deadAfterMs: Number(deadAfterMs) });
for (const entry of JSON.parse(sockets) as Array<Omit<PresenceEntry, 'node'>>) await presence.connect({ ...entry, node });
process.stdout.write('ready\n');
