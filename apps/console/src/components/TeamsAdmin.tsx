/** Settings → Teams, for admins: each team's mode (saved at once) and members, and a form to add one. */
import { useState } from 'preact/hooks';
import { TEAM_MODES, type TeamMode } from '@parley/protocol';
import { MODE_LABELS } from '../lib/labels.ts';
import { accounts, memberCounts } from '../state/accounts.ts';
import { teams } from '../state/agents.ts';
import { changeTeamMode, createTeam, teamChanges } from '../state/team-admin.ts';
import { Field, FormError } from './AuthCard.tsx';
import { Options } from './Options.tsx';

export function TeamsAdmin() {
  const { busy, refused } = teamChanges.value;
  const counts = memberCounts(accounts.value.items ?? []);
  return (
    <section aria-labelledby="teams-heading">
      <h3 id="teams-heading">Teams</h3>
      <p class="muted">A site routes its conversations to one team (pnpm parley site set KEY team=NAME). Collaboration: the whole team sees and joins them. Grab: the first to grab one owns it.</p>
      {teams.value.length === 0 ? (
        <p class="muted">No teams yet.</p>
      ) : (
        <div class="table-wrap">
          <table class="outbox">
            <caption class="visually-hidden">Teams, by name</caption>
            <thead>
              <tr>
                <th scope="col">Team</th>
                <th scope="col">Mode</th>
                <th scope="col" class="number">
                  Members
                </th>
              </tr>
            </thead>
            <tbody>
              {teams.value.map((team) => (
                <tr key={team.name}>
                  <td>{team.name}</td>
                  <td>
                    <select
                      aria-label="Mode"
                      value={team.mode}
                      aria-busy={busy === team.name}
                      onChange={(event) => void changeTeamMode(team.name, (event.currentTarget as HTMLSelectElement).value as TeamMode)}
                    >
                      <Options values={TEAM_MODES} labels={MODE_LABELS} />
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
      <h4 id="add-team-heading">New team</h4>
      <FormError message={error} />
      <Field label="Team name" name="name" autocomplete="off" required />
      <label class="field">
        <span>Mode</span>
        <select name="mode">
          <Options values={TEAM_MODES} labels={MODE_LABELS} preset="collaboration" />
        </select>
      </label>
      <button type="submit" class="primary" disabled={busy}>
        Add team
      </button>
    </form>
  );
}
