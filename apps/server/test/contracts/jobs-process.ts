/**
 * One job runner in its own process, for the two-process race: argv is the database file and the
 * node name. Prints "ready", starts on a line on stdin, and prints the keys it ran once none is due.
 */
import { once } from 'node:events';
import { systemClock } from '../../src/adapters/memory/clock.ts';
import { createJobRunner } from '../../src/core/job-runner.ts';
import { openJobs } from './sqlite-jobs.ts';

const [file, node] = process.argv.slice(2) as [string, string];
const { jobs, close } = openJobs(file);
const ran: string[] = [];
const runner = createJobRunner({
  jobs,
  clock: systemClock,
  node,
  leaseMs: 60_000,
  pollMs: 1000,
  batch: 5,
  handlers: {
    async tick(job) {
      ran.push(job.key);
      await new Promise((resolve) => setTimeout(resolve, 1));
    },
  },
});
process.stdout.write('ready\n');
await once(process.stdin, 'data');
await runner.runDue();
close();
process.stdout.write(`${JSON.stringify(ran)}\n`);
process.exit(0);
