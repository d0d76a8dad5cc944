import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { describeJobs } from './jobs.contract.ts';
import { openJobs, tempDatabase } from './sqlite-jobs.ts';

describeJobs(async () => {
  const database = tempDatabase();
  const one = openJobs(database.file);
  const two = openJobs(database.file);
  return {
    nodes: [one.jobs, two.jobs],
    async close() {
      one.close();
      two.close();
      database.remove();
    },
  };
});

describe('SQLite jobs across processes', () => {
  /** A runner process, once it has opened the database; `ran` resolves with the keys it ran. */
  async function runnerProcess(file: string, node: string) {
    const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'jobs-process.ts'), file, node], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
    expect((await lines.next()).value).toBe('ready');
    const ran = lines.next().then(({ value }) => JSON.parse(value) as string[]);
    return { go: () => child.stdin.end('go\n'), ran, exited: once(child, 'exit') };
  }

  it('two processes racing on one database file run every job exactly once', { timeout: 20_000 }, async () => {
    const database = tempDatabase();
    try {
      // Migrated and filled here first, so the two processes only race for the claims.
      const { jobs, close } = openJobs(database.file);
      for (let i = 0; i < 500; i++) await jobs.schedule({ kind: 'tick', key: `k${i}`, at: i });
      close();
      const runners = await Promise.all([runnerProcess(database.file, 'a'), runnerProcess(database.file, 'b')]);
      for (const runner of runners) runner.go();
      const [a, b] = await Promise.all(runners.map((runner) => runner.ran));
      await Promise.all(runners.map((runner) => runner.exited));
      const all = [...a!, ...b!];
      expect(all).toHaveLength(500);
      expect(new Set(all).size).toBe(500);
      expect(a!.length).toBeGreaterThan(0);
      expect(b!.length).toBeGreaterThan(0);
    } finally {
      database.remove();
    }
  });
});
