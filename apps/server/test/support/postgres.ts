/**
 * A throwaway PostgreSQL server for tests: Debian's server binaries (initdb, pg_ctl) run on a data
 * directory in /tmp and a free 127.0.0.1 port, as the `postgres` user when tests run as root
 * (PostgreSQL refuses to run as root). Never the system's PostgreSQL service.
 */
import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);

/** The newest installed server binaries, or a message that says what to install. */
function binDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'pg_ctl'))) : [];
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
  if (!newest) throw new Error(`PostgreSQL tests need Debian's PostgreSQL server (initdb, pg_ctl in ${root}/N/bin): apt-get install postgresql (.ci/run installs it).`);
  return join(root, newest, 'bin');
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export interface TestPostgres {
  /** The URL of a new, empty database on this server. */
  createDatabase(): Promise<string>;
  /** Runs a statement as the superuser, on the server's own database. */
  query(sql: string): Promise<pg.QueryResult>;
  stop(): Promise<void>;
}

let databases = 0;

export async function startPostgres(): Promise<TestPostgres> {
  const bin = binDir();
  const dir = mkdtempSync(join(tmpdir(), 'parley-pg-'));
  const asRoot = userInfo().uid === 0;
  if (asRoot) chownSync(dir, Number((await run('id', ['-u', 'postgres'])).stdout), Number((await run('id', ['-g', 'postgres'])).stdout));
  const as = (tool: string, args: string[]) => (asRoot ? run('runuser', ['-u', 'postgres', '--', join(bin, tool), ...args]) : run(join(bin, tool), args));
  const data = join(dir, 'data');
  const port = await freePort();
  await as('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '--no-sync', '-E', 'UTF8', '--locale', 'C']);
  // Durability is not under test here: fsync off makes each test's migrations take milliseconds. A deadlock is found in 50 ms, not 1 s.
  const options = `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200 -c deadlock_timeout=50ms`;
  await as('pg_ctl', ['-D', data, '-o', options, '-l', join(dir, 'log'), '-w', '-t', '30', 'start']);
  // Should the test process end without stop() (a crash, a timeout), the server and its files go with it.
  const postmaster = Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
  const leftOver = () => {
    try {
      process.kill(postmaster, 'SIGQUIT');
    } catch {
      // Stopped already.
    }
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', leftOver);
  const url = (db: string) => `postgres://postgres@127.0.0.1:${port}/${db}`;
  const admin = new pg.Client({ connectionString: url('postgres') });
  await admin.connect();
  return {
    async createDatabase() {
      const name = `t${process.pid}_${++databases}`;
      await admin.query(`CREATE DATABASE ${name}`);
      return url(name);
    },
    query: (sql) => admin.query(sql),
    async stop() {
      await admin.end();
      await as('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      process.off('exit', leftOver);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
