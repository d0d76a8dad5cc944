/** Settings, for admins: the agents, each with a button to disable (or enable) them, and a form to add one. */
import { useEffect, useState } from 'preact/hooks';
import { type Agent, type AgentAccount, AGENT_ROLES, type AgentRole } from '@parley/protocol';
import { accounts, addAccount, loadAccounts, setDisabled } from '../state/accounts.ts';
import { Field, FormError } from './AuthCard.tsx';

export function Settings({ agent }: { agent: Agent }) {
  return (
    <main class="page" aria-labelledby="settings-heading">
      <header class="page-header">
        <h2 id="settings-heading">Settings</h2>
      </header>
      {agent.role === 'admin' ? <Agents me={agent} /> : <p class="muted">Only admins can change settings.</p>}
    </main>
  );
}

function Agents({ me }: { me: Agent }) {
  const { items, error } = accounts.value;
  useEffect(() => void loadAccounts(), []);
  return (
    <section aria-labelledby="agents-heading">
      <h3 id="agents-heading">Agents</h3>
      <FormError message={error} />
      {items === null ? (
        <p class="muted">Loading…</p>
      ) : (
        <div class="table-wrap">
          <table class="outbox">
            <caption class="visually-hidden">Agents, by name</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Email</th>
                <th scope="col">Role</th>
                <th scope="col">Team</th>
                <th scope="col">State</th>
                <th scope="col">
                  <span class="visually-hidden">Action</span>
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

function AddAgent() {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: SubmitEvent) {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const text = (name: string) => String(data.get(name) ?? '');
    setBusy(true);
    const problem = await addAccount({ email: text('email'), name: text('name'), password: text('password'), role: text('role') as AgentRole, teams: text('teams').split(',').map((team) => team.trim()).filter(Boolean) });
    setBusy(false);
    setError(problem);
    if (!problem) form.reset();
  }

  return (
    <form class="auth-form add-agent" onSubmit={submit} noValidate aria-labelledby="add-agent-heading">
      <h4 id="add-agent-heading">New agent</h4>
      <FormError message={error} />
      <Field label="Name" name="name" autocomplete="off" required />
      <Field label="Email" name="email" type="email" autocomplete="off" required />
      <Field label="Password" name="password" type="password" autocomplete="new-password" minLength={8} required />
      <label class="field">
        <span>Role</span>
        <select name="role">
          {AGENT_ROLES.map((role) => (
            <option key={role} value={role} selected={role === 'agent'}>
              {role}
            </option>
          ))}
        </select>
      </label>
      <Field label="Teams" name="teams" autocomplete="off" />
      <button type="submit" class="primary" disabled={busy}>
        Add agent
      </button>
    </form>
  );
}

function AgentRow({ account, self }: { account: AgentAccount; self: boolean }) {
  const busy = accounts.value.busy === account.id;
  return (
    <tr>
      <td>{account.name}</td>
      <td>{account.email}</td>
      <td>{account.role}</td>
      <td>{account.teams.join(', ') || '—'}</td>
      <td>{account.disabled ? 'Disabled' : 'Enabled'}</td>
      <td>
        {/* Admins cannot disable themselves: another admin (or the CLI) must. */}
        {!self && (
          <button type="button" disabled={busy} onClick={() => void setDisabled(account.id, !account.disabled)}>
            {account.disabled ? 'Enable' : 'Disable'}
          </button>
        )}
      </td>
    </tr>
  );
}
