/**
 * A child process of the load benchmark holding idle visitors (hello, then silent), so that no one
 * process holds every socket. Gets `{ endpoint, from, count, lifetimeMs }`, answers `{ opened, failed }`,
 * and closes its sockets and exits on any later message, when its parent goes, or at `lifetimeMs`.
 */
import { type Endpoint, openVisitors } from './load-generator.ts';

interface Job {
  endpoint: Endpoint;
  from: number;
  count: number;
  lifetimeMs: number;
}

const orphaned = setTimeout(() => process.exit(1), 60_000);
process.on('disconnect', () => process.exit(0));
process.once('message', async (job: Job) => {
  clearTimeout(orphaned);
  const { visitors, failed, errors } = await openVisitors(job.endpoint, job.count, job.from);
  const quit = () => {
    for (const visitor of visitors) visitor.close();
    process.exit(0);
  };
  setTimeout(quit, job.lifetimeMs);
  process.once('message', quit);
  process.send!({ opened: visitors.length, failed, errors });
});
