/** Settings → Agents, for admins: every agent as `GET /api/agents` lists them, adding one, and disabling or enabling one. */
import { signal } from '@preact/signals';
import type { AgentAccount, AgentRole } from '@parley/protocol';
import { addAgent, getAgents, setAgentDisabled } from '../api.ts';

export interface Accounts {
  /** Null until a first answer arrived. */
  items: readonly AgentAccount[] | null;
  /** The agent whose change is on its way. */
  busy: string | null;
  error: string | null;
}

const EMPTY: Accounts = { items: null, busy: null, error: null };

export const accounts = signal<Accounts>(EMPTY);

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

export async function setDisabled(agentId: string, disabled: boolean): Promise<void> {
  accounts.value = { ...accounts.value, busy: agentId, error: null };
  const result = await setAgentDisabled(agentId, disabled);
  const items = accounts.value.items;
  accounts.value = result.ok
    ? { items: items?.map((a) => (a.id === agentId ? result.value.agent : a)) ?? null, busy: null, error: null }
    : { ...accounts.value, busy: null, error: result.message };
}

export function resetAccounts(): void {
  accounts.value = EMPTY;
}
