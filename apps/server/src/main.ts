/** `pnpm start`: env → database → migrations → serve, and a clean stop on SIGINT/SIGTERM. */
import { type Config, readConfig } from './config.ts';
import { type Running, startServer } from './server.ts';

let config: Config;
let running: Running;
try {
  config = readConfig();
  running = await startServer(config);
} catch (error) {
  // Configuration and start-up problems are the operator's to fix: say what, without a stack.
  const code = (error as NodeJS.ErrnoException).code;
  const message = code === 'EADDRINUSE' ? `Port ${process.env.PORT ?? 3000} is in use: stop what runs there or set PORT.` : (error as Error).message;
  console.error(`Parley could not start: ${message}`);
  process.exit(1);
}
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
