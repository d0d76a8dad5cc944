/**
 * Agents: added by the operator, signed in to consoles, available or away, disabled and enabled by
 * admins. An agent with no console open turns away after their own delay, by a deadline job,
 * whichever node runs it.
 */
import type { AgentRole } from '@parley/protocol';
import type { ClaimedJob } from '../ports/jobs.ts';
import type { Agent } from '../ports/store.ts';
import { hashPassword } from './auth/password.ts';
import type { Revocations } from './auth/revocations.ts';
import type { Context } from './context.ts';
import { AppError } from './errors.ts';
import type { Sites } from './sites.ts';
import type { Teams } from './teams.ts';

export const AWAY_JOB = 'agent.away';

export type Agents = ReturnType<typeof createAgents>;

/**
 * What an admin or the operator may change of an agent. Disabling and a new password end every
 * session of theirs; a new role or teams keep the sessions but reopen their sockets, which then
 * hear what the new rights allow.
 */
export interface AccountChange {
  disabled?: boolean;
  password?: string;
  role?: AgentRole;
  teams?: string[];
}

export function createAgents(ctx: Context, sites: Sites, teams: Teams, revocations: Revocations) {
  const { store, presence, dispatch, clock, node } = ctx;

  const changed = async (agent: Agent) => {
    await dispatch.emit([{ type: 'agent', agent }]);
    await sites.refresh();
  };

  /** The agent's last console is gone: the countdown to away starts. */
  const wentOffline = async (agentId: string) => {
    const now = clock.now();
    const agent = await store.transaction(async (tx) => {
      const agent = await tx.agents.update(agentId, { lastSeenAt: now });
      if (agent.status === 'available' && agent.awayAfter > 0) await tx.jobs.schedule({ kind: AWAY_JOB, key: agentId, at: now + agent.awayAfter * 1000 });
      return agent;
    });
    ctx.wakeJobs();
    await dispatch.emit([{ type: 'agents' }]);
    if (agent.status === 'available') await sites.refresh();
  };

  return {
    async add(input: { email: string; password: string; name: string; role: AgentRole; teams: string[] }) {
      await teams.check(input.teams);
      const agent = await store.agents.create({ email: input.email, name: input.name, role: input.role, teams: input.teams, passwordHash: await hashPassword(input.password) });
      await dispatch.emit([{ type: 'agents' }]);
      return agent;
    },

    byEmail: (email: string) => store.agents.byEmail(email),

    /** Every agent, enabled or not, by name. */
    list: () => store.agents.list(),

    /**
     * Disables, enables, sets a password or a role, in one transaction that also ends every
     * session of the agent (enabling ends none) and leaves at least one enabled admin. Disabled
     * agents turn away, so no site counts them as answering.
     */
    async change(agentId: string, change: AccountChange) {
      const passwordHash = change.password === undefined ? undefined : await hashPassword(change.password);
      if (change.teams) await teams.check(change.teams);
      const { agent, revoked } = await store.transaction(async (tx) => {
        const before = await tx.agents.byId(agentId);
        if (!before) throw new AppError('not_found', 'No such agent.');
        const disabling = change.disabled === true && before.disabledAt === null;
        const patch: Partial<Pick<Agent, 'role' | 'teams' | 'disabledAt' | 'status'>> = {};
        if (change.role !== undefined) patch.role = change.role;
        if (change.teams !== undefined) patch.teams = change.teams;
        if (disabling) Object.assign(patch, { disabledAt: clock.now(), status: 'away' });
        if (change.disabled === false) patch.disabledAt = null;
        const agent = Object.keys(patch).length > 0 ? await tx.agents.update(agentId, patch) : before;
        if (passwordHash !== undefined) await tx.agents.setPasswordHash(agentId, passwordHash);
        if (!(await tx.agents.list()).some((a) => a.role === 'admin' && a.disabledAt === null)) {
          throw new AppError('conflict', 'Parley needs at least one enabled admin: enable or promote another first.');
        }
        const ended = disabling || passwordHash !== undefined;
        const revoked = ended || agent.role !== before.role || agent.teams.join('\n') !== before.teams.join('\n');
        if (ended) await tx.sessions.deleteOfAgent(agentId);
        if (revoked) await revocations.mark(tx);
        return { agent, revoked };
      });
      if (revoked) revocations.notify();
      await changed(agent);
      return agent;
    },

    /** Tells consoles and widgets that the agent changed elsewhere (their photo). */
    announce: changed,

    async update(agentId: string, patch: Partial<Pick<Agent, 'status' | 'awayAfter' | 'sound' | 'desktop'>>) {
      const agent = await store.agents.update(agentId, patch);
      await changed(agent);
      return agent;
    },

    /** A console opened: the agent counts as present, and any countdown to away stops. */
    async connected(agent: Agent, connection: string) {
      await presence.connect({ kind: 'agent', id: agent.id, siteId: null, node, connection });
      await store.transaction(async (tx) => {
        await tx.agents.update(agent.id, { lastSeenAt: clock.now() });
        await tx.jobs.cancel(AWAY_JOB, agent.id);
      });
      await dispatch.emit([{ type: 'agents' }]);
      await sites.refresh();
    },

    /** A console closed: with none left, the agent went offline. */
    async disconnected(agentId: string, connection: string) {
      const left = await presence.disconnect({ kind: 'agent', id: agentId, node, connection });
      if (left === 0) await wentOffline(agentId);
    },

    /** Every console of the agent was on a node that died: offline, unless one opened elsewhere meanwhile. */
    async lost(agentId: string) {
      if ((await presence.count('agent', agentId)) === 0) await wentOffline(agentId);
    },

    /** The countdown ran out: away, unless a console opened meanwhile. */
    async awayJob(job: ClaimedJob) {
      if ((await presence.count('agent', job.key)) > 0) return;
      const agent = await store.agents.byId(job.key);
      if (!agent || agent.status === 'away') return;
      await changed(await store.agents.update(agent.id, { status: 'away' }));
    },
  };
}
