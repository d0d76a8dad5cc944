/** Settings, for admins: the agents, each with a button to disable (or enable) them. */
import { useEffect } from 'preact/hooks';
import type { Agent, AgentAccount } from '@parley/protocol';
import { accounts, loadAccounts, setDisabled } from '../state/accounts.ts';
import { FormError } from './AuthCard.tsx';

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
    </section>
  );
}

function AgentRow({ account, self }: { account: AgentAccount; self: boolean }) {
  const busy = accounts.value.busy === account.id;
  return (
    <tr>
      <td>{account.name}</td>
      <td>{account.email}</td>
      <td>{account.role}</td>
      <td>{account.team || '—'}</td>
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
