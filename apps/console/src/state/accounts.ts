/** Settings → Agents, for admins: every agent as `GET /api/agents` lists them, adding one, and changing one's role, teams or enabled state. */
import { signal } from '@preact/signals';
import type { AgentAccount, AgentPatch, AgentRole } from '@parley/protocol';
import { addAgent, changeAgent, getAgents } from '../api.ts';

export interface Accounts {
  /** Null until a first answer arrived. */
  items: readonly AgentAccount[] | null;
  /** Why the list could not be loaded. */
  error: string | null;
  /** Agents with changes on their way, once per change. */
  saving: readonly string[];
  /** The agent whose changes were all stored last: their row says so. */
  saved: string | null;
  /** The agent whose change the server refused, and why: shown in that agent's row, which then shows what is stored. */
  refused: { agentId: string; message: string } | null;
}

const EMPTY: Accounts = { items: null, error: null, saving: [], saved: null, refused: null };

export const accounts = signal<Accounts>(EMPTY);

/** Per agent, the change on its way: the next waits for it, so the server applies them in the order they were made. */
const queues = new Map<string, Promise<void>>();

export async function loadAccounts(): Promise<void> {
  const result = await getAgents();
  accounts.value = result.ok ? { ...accounts.value, items: result.value.agents, error: null } : { ...accounts.value, error: result.message };
}

/** Null once added (the list then holds the new agent, by name), else what to fix. */
export async function addAccount(fields: { email: string; name: string; password: string; role: AgentRole; teams: string[] }): Promise<string | null> {
  const result = await addAgent(fields);
  if (!result.ok) return result.message;
  const items = [...(accounts.value.items ?? []), result.value.agent].sort((a, b) => a.name.localeCompare(b.name));
  accounts.value = { ...accounts.value, items, error: null };
  return null;
}

function replaceItem(agent: AgentAccount): void {
  accounts.value = { ...accounts.value, items: accounts.value.items?.map((a) => (a.id === agent.id ? agent : a)) ?? null };
}

/**
 * Saved at once, and shown at once: the row shows the change while it is on its way (so a second
 * click builds on the first), then what the server stored. Refused, the row says why and the list
 * is read again, so it shows what is stored.
 */
export function changeAccount(agentId: string, change: AgentPatch): Promise<void> {
  const before = accounts.value.items?.find((a) => a.id === agentId);
  if (!before) return Promise.resolve();
  replaceItem({
    ...before,
    ...(change.role !== undefined && { role: change.role }),
    ...(change.teams !== undefined && { teams: change.teams }),
    ...(change.disabled !== undefined && { disabled: change.disabled }),
  });
  accounts.value = { ...accounts.value, saving: [...accounts.value.saving, agentId], saved: null, refused: null };
  const done = (queues.get(agentId) ?? Promise.resolve()).then(() => save(agentId, change));
  queues.set(agentId, done);
  return done;
}

async function save(agentId: string, change: AgentPatch): Promise<void> {
  const result = await changeAgent(agentId, change);
  const { saving } = accounts.value;
  const left = saving.filter((_, i) => i !== saving.indexOf(agentId));
  const last = !left.includes(agentId);
  if (last) queues.delete(agentId);
  if (!result.ok) {
    accounts.value = { ...accounts.value, saving: left, refused: { agentId, message: result.message } };
    await loadAccounts();
    return;
  }
  // A later change on its way is already shown; its own answer replaces the row.
  if (last) replaceItem(result.value.agent);
  accounts.value = { ...accounts.value, saving: left, saved: last && accounts.value.refused?.agentId !== agentId ? agentId : accounts.value.saved };
}

/** The agent's teams with `team` added or taken out, in the order the team list gives. */
export function withTeam(current: readonly string[], team: string, member: boolean, order: readonly string[]): string[] {
  const chosen = new Set(current);
  if (member) chosen.add(team);
  else chosen.delete(team);
  return [...order.filter((name) => chosen.has(name)), ...[...chosen].filter((name) => !order.includes(name))];
}

/** How many agents (enabled or not, as `pnpm parley team list` counts them) are in each team. */
export function memberCounts(items: readonly AgentAccount[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const account of items) for (const team of account.teams) counts.set(team, (counts.get(team) ?? 0) + 1);
  return counts;
}

export function resetAccounts(): void {
  queues.clear();
  accounts.value = EMPTY;
}
