/** Teams: named groups of agents a site routes its conversations to, each sharing them in its mode. */
import type { TeamMode } from '@parley/protocol';
import type { Team } from '../ports/store.ts';
import type { Context } from './context.ts';
import { AppError } from './errors.ts';

export type Teams = ReturnType<typeof createTeams>;

export function createTeams(ctx: Context) {
  const { store, dispatch } = ctx;

  return {
    list: () => store.teams.list(),

    async add(team: Team) {
      const added = await store.teams.create(team);
      await dispatch.emit([{ type: 'teams' }]);
      return added;
    },

    /** Every console refreshes its list: who sees a grab team's conversations changed. */
    async setMode(name: string, mode: TeamMode) {
      const team = await store.teams.setMode(name, mode);
      await dispatch.emit([{ type: 'teams' }]);
      return team;
    },

    /** Throws unless every name is a team's: an agent or a site never points at a team that is not there. */
    async check(names: readonly string[]) {
      const known = new Set((await store.teams.list()).map((team) => team.name));
      const unknown = names.filter((name) => !known.has(name));
      if (unknown.length > 0) throw new AppError('bad_request', `No team is named ${unknown.join(', ')}. Add it first (pnpm parley team add NAME), or see team list.`);
    },
  };
}
