/** Settings → Agents, for admins: each agent's role, teams and enabled state, saved at once; and a form to add one. */
import { useEffect, useState } from 'preact/hooks';
import { type Agent, type AgentAccount, AGENT_ROLES, type AgentRole } from '@parley/protocol';
import { accounts, addAccount, changeAccount, loadAccounts, withTeam } from '../state/accounts.ts';
import { teams } from '../state/agents.ts';
import { Field, FormError } from './AuthCard.tsx';
import { Options } from './Options.tsx';
import { strings } from '../strings.ts';

export function AgentsAdmin({ me }: { me: Agent }) {
  const { items, error } = accounts.value;
  useEffect(() => void loadAccounts(), []);
  return (
    <section aria-labelledby="agents-heading">
      <h2 id="agents-heading">{strings.agentsAdmin.agents}</h2>
      <FormError message={error} />
      {items === null ? (
        <p class="muted">{strings.common.loading}</p>
      ) : (
        <div class="table-wrap">
          <table class="outbox accounts">
            <caption class="visually-hidden">{strings.agentsAdmin.caption}</caption>
            <thead>
              <tr>
                <th scope="col">{strings.common.name}</th>
                <th scope="col">{strings.common.email}</th>
                <th scope="col">{strings.agentsAdmin.role}</th>
                <th scope="col">{strings.agentsAdmin.teams}</th>
                <th scope="col">{strings.agentsAdmin.state}</th>
                <th scope="col">
                  <span class="visually-hidden">{strings.agentsAdmin.action}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((account) => (
                <AgentRow key={account.id} account={account} self={account.id === me.id} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <AddAgent />
    </section>
  );
}

/** One checkbox per team: an agent's, saved at once on each toggle; or, without `member`, a form's `teams` field. */
function TeamBoxes({ legend, member }: { legend: string; member?: { chosen: readonly string[]; toggle: (team: string, member: boolean) => void } }) {
  const names = teams.value.map((team) => team.name);
  return (
    <fieldset class="team-boxes">
      <legend class={member ? 'visually-hidden' : undefined}>{legend}</legend>
      {names.length === 0 && <span class="muted">{strings.agentsAdmin.noTeams}</span>}
      {names.map((name) => (
        <label key={name} class="check">
          <input
            type="checkbox"
            name="teams"
            value={name}
            checked={member?.chosen.includes(name)}
            onChange={member && ((event) => member.toggle(name, (event.currentTarget as HTMLInputElement).checked))}
          />
          {name}
        </label>
      ))}
    </fieldset>
  );
}

function AgentRow({ account, self }: { account: AgentAccount; self: boolean }) {
  const { saving, saved, refused } = accounts.value;
  const order = teams.value.map((team) => team.name);
  const status = saving.includes(account.id) ? strings.common.saving : saved === account.id ? strings.agentsAdmin.saved : '';
  return (
    <tr>
      <td>{account.name}</td>
      <td>{account.email}</td>
      <td>
        {/* Admins cannot demote or disable themselves: another admin (or the CLI) must. */}
        <select
          aria-label={strings.agentsAdmin.role}
          value={account.role}
          disabled={self}
          title={self ? strings.agentsAdmin.ownRole : undefined}
          onChange={(event) => void changeAccount(account.id, { role: (event.currentTarget as HTMLSelectElement).value as AgentRole })}
        >
          <Options values={AGENT_ROLES} labels={strings.agentsAdmin.roles} />
        </select>
      </td>
      <td>
        <TeamBoxes
          legend={strings.agentsAdmin.teamsOf(account.name)}
          member={{ chosen: account.teams, toggle: (team, on) => void changeAccount(account.id, { teams: withTeam(account.teams, team, on, order) }) }}
        />
      </td>
      <td>{account.disabled ? strings.agentsAdmin.disabled : strings.agentsAdmin.enabled}</td>
      <td>
        {!self && (
          <button type="button" onClick={() => void changeAccount(account.id, { disabled: !account.disabled })}>
            {account.disabled ? strings.agentsAdmin.enable : strings.agentsAdmin.disable}
          </button>
        )}
        <span role="status" class="muted row-status">
          {status}
        </span>
        {refused?.agentId === account.id && (
          <p role="alert" class="form-error">
            {refused.message}
          </p>
        )}
      </td>
    </tr>
  );
}

function AddAgent() {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: SubmitEvent) {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const text = (name: string) => String(data.get(name) ?? '');
    setBusy(true);
    const problem = await addAccount({ email: text('email'), name: text('name'), password: text('password'), role: text('role') as AgentRole, teams: data.getAll('teams').map(String) });
    setBusy(false);
    setError(problem);
    if (!problem) form.reset();
  }

  return (
    <form class="auth-form add-agent" onSubmit={submit} noValidate aria-labelledby="add-agent-heading">
      <h3 id="add-agent-heading">{strings.agentsAdmin.newAgent}</h3>
      <FormError message={error} />
      <Field label={strings.common.name} name="name" autocomplete="off" required />
      <Field label={strings.common.email} name="email" type="email" autocomplete="off" required />
      <Field label={strings.common.password} name="password" type="password" autocomplete="new-password" minLength={8} required />
      <label class="field">
        <span>{strings.agentsAdmin.role}</span>
        <select name="role">
          <Options values={AGENT_ROLES} labels={strings.agentsAdmin.roles} preset="agent" />
        </select>
      </label>
      <TeamBoxes legend={strings.agentsAdmin.teams} />
      <button type="submit" class="primary" disabled={busy}>
        {strings.agentsAdmin.addAgent}
      </button>
    </form>
  );
}
