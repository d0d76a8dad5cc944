import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './harness.ts';

const run = promisify(execFile);
const SERVER = new URL('..', import.meta.url).pathname;
let server: TestServer;

/** Runs `pnpm parley …` as the operator does: a separate process on the server's data dir. */
async function parley(...args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
      cwd: SERVER,
      env: { ...process.env, PARLEY_DATA_DIR: server.dataDir, PARLEY_PUBLIC_URL: 'https://chat.example.com' },
    });
    return { code: 0, stdout: stdout.trim(), stderr: stderr.trim() };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout.trim(), stderr: e.stderr.trim() };
  }
}

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.destroy());

// Each command is its own tsx process: seconds apiece on a loaded two-core machine.
describe('pnpm parley, beside a running server', { timeout: 60_000 }, () => {
  it('adds an agent and prints its id; refuses a second one with that email', async () => {
    expect(await parley('agent', 'add', '--email', 'ann@shop.example', '--password', 'correct horse', '--name', 'Ann', '--team', 'sales')).toMatchObject({ code: 1, stderr: expect.stringContaining('No team is named sales') });
    expect((await parley('team', 'add', 'sales', '--mode', 'grab')).stdout).toBe('sales\tgrab\t-');
    const added = await parley('agent', 'add', '--email', 'ann@shop.example', '--password', 'correct horse', '--name', 'Ann', '--role', 'admin', '--team', 'sales');
    expect(added.code).toBe(0);
    const agent = (await server.store.agents.list()).find((a) => a.email === 'ann@shop.example');
    expect(added.stdout).toBe(agent?.id);
    expect(agent).toMatchObject({ role: 'admin', teams: ['sales'], status: 'available' });
    expect((await parley('team', 'list')).stdout).toBe('sales\tgrab\tann@shop.example');
    expect((await parley('team', 'add', 'sales')).code).toBe(1);
    expect((await parley('team', 'add', 'x', '--mode', 'solo')).code).toBe(2);
    const again = await parley('agent', 'add', '--email', 'ann@shop.example', '--password', 'correct horse', '--name', 'Ann');
    expect(again).toMatchObject({ code: 1, stderr: 'An agent with the email ann@shop.example exists already.' });
    expect((await parley('agent', 'add', '--email', 'x@y.z', '--name', 'X')).code).toBe(2);
  });

  it('moves an agent between teams and sets a team’s mode, as the console’s Settings do; team list names each team’s members', async () => {
    await server.core.teams.add({ name: 'north', mode: 'collaboration' });
    expect((await parley('agent', 'set', 'ann@shop.example', '--team', 'north', '--team', 'sales')).stdout).toBe('ann@shop.example\tAnn\tadmin\tnorth,sales\tenabled');
    expect((await parley('team', 'set', 'north', '--mode', 'grab')).stdout).toBe('north\tgrab\tann@shop.example');
    // An empty --team takes the agent out of every team.
    expect((await parley('agent', 'set', 'ann@shop.example', '--team', '')).stdout).toBe('ann@shop.example\tAnn\tadmin\t-\tenabled');
    expect((await parley('team', 'list')).stdout).toBe('north\tgrab\t-\nsales\tgrab\t-');
  });

  it('adds a site with its embed snippet, lists it and changes its settings', async () => {
    const added = await parley('site', 'add', '--name', 'Mugs', '--origin', 'https://mugs.example/shop', '--origin', 'https://www.mugs.example');
    const key = /key: (\S+)/.exec(added.stdout)![1];
    expect(added.stdout).toContain(`<script async src="https://chat.example.com/widget.js" data-site="${key}"></script>`);
    expect((await parley('site', 'list')).stdout).toContain(`${key}\tMugs\thttps://mugs.example https://www.mugs.example`);
    const set = await parley('site', 'set', key!, 'chat=off', 'emailDelay=60', 'soonAfter=30', 'overdueAfter=300', 'autoCloseAfter=86400', 'team=sales', 'hours=mon-fri 09:00-17:00', 'timezone=Europe/Oslo', 'storeIp=off', 'messageBurst=5', 'burstWindow=30', 'messagesPerHour=100', 'newVisitors=50', 'newConversations=0', 'closingMessage=Thanks for chatting with us!', 'uploadMaxBytes=5242880', 'uploadTypes=png, JPG,pdf', 'uploadsPerHour=10', 'callLink=https://video.mugs.example/{room}');
    expect(set.code).toBe(0);
    expect((await server.store.sites.byKey(key!))?.settings).toMatchObject({
      chat: false, emailDelay: 60, soonAfter: 30, overdueAfter: 300, autoCloseAfter: 86400, team: 'sales', hours: 'mon-fri 09:00-17:00', timezone: 'Europe/Oslo', storeIp: false,
      messageBurst: 5, burstWindow: 30, messagesPerHour: 100, newVisitors: 50, newConversations: 0, closingMessage: 'Thanks for chatting with us!',
      uploadMaxBytes: 5242880, uploadTypes: 'png,jpg,pdf', uploadsPerHour: 10,
      callLink: 'https://video.mugs.example/{room}',
    });
    const bad = await parley('site', 'set', key!, 'emailDelay=soon');
    expect(bad).toMatchObject({ code: 2, stderr: 'emailDelay: a duration is a whole number of seconds' });
    expect(await parley('site', 'set', key!, 'uploadTypes=png,exe')).toMatchObject({ code: 2, stderr: expect.stringMatching(/^uploadTypes: uploadTypes lists some of: png, jpg/) });
    expect((await parley('site', 'add', '--name', 'X', '--origin', 'ftp://x')).stderr).toMatch(/not a site address/);
    expect((await parley('site', 'set', 'nope', 'chat=on')).code).toBe(1);
  });

  it('refuses names from the object prototype as a plain usage error, changing nothing', async () => {
    const key = (await server.store.sites.list())[0]!.key;
    const before = (await server.store.sites.byKey(key))?.settings;
    const names = ['toString', '__proto__', 'constructor', 'hasOwnProperty', 'valueOf'];
    for (const result of await Promise.all(names.map((name) => parley('site', 'set', key, `${name}=1`)))) {
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/^"\w+=1" is not NAME=VALUE with NAME one of: chat, /);
      expect(result.stderr).not.toMatch(/\n\s+at /);
    }
    expect((await server.store.sites.byKey(key))?.settings).toEqual(before);
  });

  it('backs up a consistent copy while the server runs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-backup-'));
    const file = join(dir, 'copy.db');
    expect((await parley('backup', file)).code).toBe(0);
    expect(existsSync(file)).toBe(true);
    rmSync(dir, { recursive: true, force: true });
  });
});
