/** Brand, connection state, the signed-in agent and "Sign out". */
import type { Agent } from '@parley/protocol';
import { signOut } from '../state/session.ts';
import { connection } from '../state/socket.ts';
import { synced } from '../state/sync.ts';

export function TopBar({ agent }: { agent: Agent }) {
  const status = synced.value ? '' : connection.value === 'waiting' ? 'Reconnecting…' : 'Connecting…';
  return (
    <header class="topbar">
      <span class="brand">Parley</span>
      <span class="connection" role="status">
        {status}
      </span>
      <span class="agent-name" title={agent.email}>
        {agent.name}
      </span>
      <button type="button" class="ghost" onClick={() => void signOut()}>
        Sign out
      </button>
    </header>
  );
}
