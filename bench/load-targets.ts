/** The servers the load benchmark drives, each a fresh process: the bare relay, the durable floor and Parley. */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Endpoint } from './load-generator.ts';
import { createParley, freePort, ROOT, stopProcess, waitHealthy } from './parley-server.ts';

export interface Target {
  /** The server process, whose CPU and memory are measured. */
  pid: number;
  endpoint: Endpoint;
  /** Stops the process and removes its data. */
  stop(): Promise<void>;
}

export type TargetName = 'relay' | 'floor' | 'parley';

const AGENT = { email: 'agent@bench.example', password: 'bench-password-1' };

async function startBaseline(script: string): Promise<Target> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-bench-floor-'));
  const child = spawn(process.execPath, ['--import', 'tsx', script], { cwd: ROOT, env: { ...process.env, PORT: String(port), DATA_DIR: dataDir }, stdio: ['ignore', 'inherit', 'inherit'] });
  const stop = async () => {
    await stopProcess(child);
    rmSync(dataDir, { recursive: true, force: true });
  };
  await waitHealthy(port, child).catch(async (error) => {
    await stop();
    throw error;
  });
  const base = `ws://127.0.0.1:${port}`;
  return {
    pid: child.pid!,
    endpoint: { visitorUrl: `${base}/ws/visitor`, visitorHeaders: { origin: 'https://shop.example' }, siteKey: 'bench', agentUrl: `${base}/ws/agent`, agentHeaders: {} },
    stop,
  };
}

/** Parley on a fresh data dir with one agent; visitors use the demo site from its own origin. */
export async function startParleyTarget(env: Record<string, string> = {}): Promise<Target> {
  const parley = await createParley(env);
  try {
    parley.cli('agent', 'add', '--email', AGENT.email, '--password', AGENT.password, '--name', 'Bench agent');
    const { pid, demoSiteKey } = await parley.start();
    if (!demoSiteKey) throw new Error('Parley printed no demo site key on first start.');
    // Every simulated visitor comes from this one address and writes faster than a person: the bench measures throughput, not the visitor limits.
    parley.cli('site', 'set', demoSiteKey, 'messageBurst=0', 'messagesPerHour=0', 'newVisitors=0', 'newConversations=0');
    const cookie = await parley.signIn(AGENT.email, AGENT.password);
    const base = parley.origin.replace('http:', 'ws:');
    return {
      pid,
      endpoint: {
        visitorUrl: `${base}/ws/visitor?site=${demoSiteKey}`,
        visitorHeaders: { origin: parley.origin },
        siteKey: demoSiteKey,
        agentUrl: `${base}/ws/agent`,
        // The console socket is same-origin only.
        agentHeaders: { cookie, origin: parley.origin },
      },
      stop: () => parley.destroy(),
    };
  } catch (error) {
    await parley.destroy();
    throw error;
  }
}

export const startTarget: Record<TargetName, () => Promise<Target>> = {
  relay: () => startBaseline('bench/relay.ts'),
  floor: () => startBaseline('bench/durable-floor.ts'),
  parley: () => startParleyTarget(),
};
