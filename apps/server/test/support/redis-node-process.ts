/**
 * One node's Redis adapters in their own process, to be killed: argv is the Redis URL, the key
 * prefix, the node name and the dead-socket time. Announces a visitor tab and an agent console
 * (and another tab of visitor v1), prints "ready", and beats until it is killed.
 */
import { openRedisPorts } from '../../src/adapters/redis/index.ts';

const [url, prefix, node, deadAfterMs] = process.argv.slice(2) as [string, string, string, string];
const { presence } = await openRedisPorts(url, node, { prefix, deadAfterMs: Number(deadAfterMs) });
await presence.connect({ kind: 'visitor', id: 'v1', siteId: 's1', node, connection: 'c1' });
await presence.connect({ kind: 'visitor', id: 'v2', siteId: 's2', node, connection: 'c2' });
await presence.connect({ kind: 'agent', id: 'a1', siteId: null, node, connection: 'c3' });
process.stdout.write('ready\n');
