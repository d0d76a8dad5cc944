/** A Parley server in its own process, for the fault tests that kill it: env as for `pnpm start`; prints its port. */
import { readConfig } from '../src/config.ts';
import { startServer } from '../src/server.ts';

const running = await startServer(readConfig());
process.stdout.write(`${JSON.stringify({ port: running.port })}\n`);
