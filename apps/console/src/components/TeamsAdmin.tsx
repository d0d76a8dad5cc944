/** Settings → Teams, for admins: each team's mode (saved at once) and members, and a form to add one. */
import { useState } from 'preact/hooks';
import { TEAM_MODES, type TeamMode } from '@parley/protocol';
import { accounts, memberCounts } from '../state/accounts.ts';
import { teams } from '../state/agents.ts';
import { changeTeamMode, createTeam, teamChanges } from '../state/team-admin.ts';
import { Field, FormError } from './AuthCard.tsx';
import { Options } from './Options.tsx';
import { strings } from '../strings.ts';

export function TeamsAdmin() {
  const { busy, refused } = teamChanges.value;
  const counts = memberCounts(accounts.value.items ?? []);
  return (
    <section aria-labelledby="teams-heading">
      <h2 id="teams-heading">{strings.teamsAdmin.teams}</h2>
      <p class="muted">{strings.teamsAdmin.intro}</p>
      {teams.value.length === 0 ? (
        <p class="muted">{strings.teamsAdmin.none}</p>
      ) : (
        <div class="table-wrap">
          <table class="outbox">
            <caption class="visually-hidden">{strings.teamsAdmin.caption}</caption>
            <thead>
              <tr>
                <th scope="col">{strings.teamsAdmin.team}</th>
                <th scope="col">{strings.teamsAdmin.mode}</th>
                <th scope="col" class="number">
                  {strings.teamsAdmin.members}
                </th>
              </tr>
            </thead>
            <tbody>
              {teams.value.map((team) => (
                <tr key={team.name}>
                  <td>{team.name}</td>
                  <td>
                    <select
                      aria-label={strings.teamsAdmin.mode}
                      value={team.mode}
                      aria-busy={busy === team.name}
                      onChange={(event) => void changeTeamMode(team.name, (event.currentTarget as HTMLSelectElement).value as TeamMode)}
                    >
                      <Options values={TEAM_MODES} labels={strings.teamsAdmin.modes} />
                    </select>
                    {refused?.team === team.name && (
                      <p role="alert" class="form-error">
                        {refused.message}
                      </p>
                    )}
                  </td>
                  <td class="number">{counts.get(team.name) ?? 0}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <AddTeam />
    </section>
  );
}

function AddTeam() {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: SubmitEvent) {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    setBusy(true);
    const problem = await createTeam({ name: String(data.get('name') ?? ''), mode: String(data.get('mode')) as TeamMode });
    setBusy(false);
    setError(problem);
    if (!problem) form.reset();
  }

  return (
    <form class="auth-form add-agent" onSubmit={submit} noValidate aria-labelledby="add-team-heading">
      <h3 id="add-team-heading">{strings.teamsAdmin.newTeam}</h3>
      <FormError message={error} />
      <Field label={strings.teamsAdmin.teamName} name="name" autocomplete="off" required />
      <label class="field">
        <span>{strings.teamsAdmin.mode}</span>
        <select name="mode">
          <Options values={TEAM_MODES} labels={strings.teamsAdmin.modes} preset="collaboration" />
        </select>
      </label>
      <button type="submit" class="primary" disabled={busy}>
        {strings.teamsAdmin.addTeam}
      </button>
    </form>
  );
}
