/** What the benchmarks measure with: a process's CPU time and memory from /proc, and percentiles. */
import { existsSync, readFileSync } from 'node:fs';

/** Linux's USER_HZ: /proc/PID/stat counts CPU time in these ticks. */
const TICKS_PER_SECOND = 100;

/** User plus system CPU time the process has used, in seconds. */
export function cpuSeconds(pid: number): number {
  // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

/** Resident memory now, in bytes. */
export function rssBytes(pid: number): number {
  const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1];
  return Number(kb) * 1024;
}

/** Starts a CPU window; calling the result gives the process's CPU use since, in % of one core. */
export function cpuWindow(pid: number): () => number {
  const cpu = cpuSeconds(pid);
  const started = performance.now();
  return () => ((cpuSeconds(pid) - cpu) / ((performance.now() - started) / 1000)) * 100;
}

/** Waits until the process used under `percent` of a core over one second (its backlog is done), or `timeoutMs` passed. */
export async function settled(pid: number, percent = 10, timeoutMs = 60_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    const cpu = cpuWindow(pid);
    await sleep(1_000);
    if (cpu() < percent) return;
  }
}

/** Seconds of CPU the whole machine spent busy, all cores together. */
function machineBusySeconds(): number {
  const [user, nice, system, , , irq, softirq, steal] = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  return (user! + nice! + system! + irq! + softirq! + steal!) / TICKS_PER_SECOND;
}

/**
 * Starts a window over the CPU used by every process but `pids`, in % of one core: other work on
 * the machine competes for its cores and skews what is measured meanwhile.
 */
export function othersCpuWindow(pids: number[]): () => number {
  // A process that has exited since counts as nothing.
  const ours = () => pids.reduce((sum, pid) => sum + (existsSync(`/proc/${pid}`) ? cpuSeconds(pid) : 0), 0);
  const machine = machineBusySeconds();
  const mine = ours();
  const started = performance.now();
  // Clock ticks are read a moment apart: a quiet machine may come out a hair below zero.
  return () => Math.max(0, ((machineBusySeconds() - machine - (ours() - mine)) / ((performance.now() - started) / 1000)) * 100);
}

/** Other processes' CPU (in % of one core) above which a run says its figures are skewed. */
const BUSY_PERCENT = 15;

/** The warning to print when other work competed with a measurement, or null. */
export function skewWarning(othersPercent: number): string | null {
  return othersPercent > BUSY_PERCENT
    ? `Other work took up to ${othersPercent.toFixed(0)}% of a core while measuring: these figures are skewed, run again on a quiet machine.`
    : null;
}

/** The p-th percentile of values sorted ascending (nearest rank). */
export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
