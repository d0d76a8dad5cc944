/** The team's availability as the server reports it, and this agent's own settings (availability, notification switches). */
import { computed, signal } from '@preact/signals';
import type { AgentPresence, AgentStatus, Team } from '@parley/protocol';
import { showNotice } from './notice.ts';
import { sendFrame } from './socket.ts';
import { strings } from '../strings.ts';

export const team = signal<readonly AgentPresence[]>([]);
/** Every team and its mode: the Team filter and who may be assigned what. */
export const teams = signal<readonly Team[]>([]);

export function replaceTeams(items: readonly Team[]): void {
  teams.value = items;
}

/** Who can answer now: a console open and not away. */
export const availableAgents = computed(() => team.value.filter((a) => a.online && a.status === 'available'));

export function replaceTeam(items: readonly AgentPresence[]): void {
  team.value = items;
}

/** The server answers with a `me` frame: what it stored is what shows, so a reload shows the same. */
export function updateMe(fields: { status?: AgentStatus; awayAfter?: number; sound?: boolean; desktop?: boolean }): void {
  if (!sendFrame({ t: 'me', ...fields })) showNotice(strings.errors.notConnected);
}

export function setMyStatus(status: AgentStatus): void {
  updateMe({ status });
}

/** Seconds without a console open after which the server turns this agent away; 0: never. */
export function setAwayAfter(awayAfter: number): void {
  updateMe({ awayAfter });
}

export function resetTeam(): void {
  team.value = [];
  teams.value = [];
}
