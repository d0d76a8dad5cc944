/** A Parley server in its own process, for the crash test: env as for `pnpm start`, fast mail ticks; prints its port. */
import { readConfig } from '../src/config.ts';
import { startServer } from '../src/server.ts';
import { FAST_MAIL } from './mail-harness.ts';

const running = await startServer({ ...readConfig(), ...FAST_MAIL });
process.stdout.write(`${JSON.stringify({ port: running.port })}\n`);
