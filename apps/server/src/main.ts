/** `pnpm start`: env → database → migrations → serve, and a clean stop on SIGINT/SIGTERM. */
import { readConfig } from './config.ts';
import { startServer } from './server.ts';

const config = readConfig();
const running = await startServer(config);
for (const line of running.notices) console.log(line);
console.log(`Parley is listening on http://${config.host}:${running.port} (public address ${config.publicUrl})`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    running.stop().then(() => process.exit(0));
    // Open sockets can hold close() up; a stop must not hang.
    setTimeout(() => process.exit(0), 3000).unref();
  });
}
