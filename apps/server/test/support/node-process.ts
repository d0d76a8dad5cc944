/**
 * One Parley node in its own process, to be killed: main.ts's start (the same startServer on the
 * environment's config) with the internal settings argv[2] names as JSON, e.g. fast mail timings.
 */
import { readConfig } from '../../src/config.ts';
import { startServer } from '../../src/server.ts';

const running = await startServer({ ...readConfig(), ...JSON.parse(process.argv[2] ?? '{}') });
for (const line of running.notices) console.log(line);
console.log(`Parley node listening on port ${running.port}`);
process.once('SIGTERM', () => void running.stop().then(() => process.exit(0)));
