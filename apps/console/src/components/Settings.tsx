/** Settings: every agent's templates; for admins also the sites (every setting), the agents (role, teams, enabled) and the teams (mode, members). */
import type { Agent } from '@parley/protocol';
import { AgentsAdmin } from './AgentsAdmin.tsx';
import { Profile } from './Profile.tsx';
import { SitesAdmin } from './SitesAdmin.tsx';
import { TeamsAdmin } from './TeamsAdmin.tsx';
import { TemplatesAdmin } from './TemplatesAdmin.tsx';
import { strings } from '../strings.ts';

export function Settings({ agent }: { agent: Agent }) {
  return (
    <main class="page" aria-labelledby="settings-heading">
      <header class="page-header">
        <h1 id="settings-heading">{strings.settings.settings}</h1>
      </header>
      <Profile agent={agent} />
      {agent.role === 'admin' ? (
        <>
          <SitesAdmin />
          <AgentsAdmin me={agent} />
          <TeamsAdmin />
        </>
      ) : (
        <p class="muted">{strings.settings.adminsOnly}</p>
      )}
      <TemplatesAdmin me={agent} />
    </main>
  );
}
