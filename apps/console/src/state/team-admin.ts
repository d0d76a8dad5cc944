/** Settings → Teams, for admins: adding a team and setting its mode. The list itself is the live `teams` frame every console hears. */
import { signal } from '@preact/signals';
import type { Team, TeamAdd, TeamMode } from '@parley/protocol';
import { addTeam, setTeamMode } from '../api.ts';
import { replaceTeams, teams } from './agents.ts';

export interface TeamChanges {
  /** The team whose mode is on its way. */
  busy: string | null;
  /** The team whose mode the server refused, and why. */
  refused: { team: string; message: string } | null;
}

const IDLE: TeamChanges = { busy: null, refused: null };

export const teamChanges = signal<TeamChanges>(IDLE);

/** The server's answer shows at once; the `teams` frame that follows says the same. Sorted as the server sorts (by code point). */
function store(team: Team): void {
  replaceTeams([...teams.value.filter((t) => t.name !== team.name), team].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)));
}

/** Null once added, else what to fix. */
export async function createTeam(fields: TeamAdd): Promise<string | null> {
  const result = await addTeam(fields);
  if (!result.ok) return result.message;
  store(result.value.team);
  return null;
}

export async function changeTeamMode(name: string, mode: TeamMode): Promise<void> {
  teamChanges.value = { busy: name, refused: null };
  const result = await setTeamMode(name, mode);
  if (result.ok) store(result.value.team);
  teamChanges.value = { busy: null, refused: result.ok ? null : { team: name, message: result.message } };
}

export function resetTeamChanges(): void {
  teamChanges.value = IDLE;
}
