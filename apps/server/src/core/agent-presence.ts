/** Agents' availability: set by hand, kept in the store, and turned away after a while with no console open. */
import type { Agent, AgentPresence } from '@parley/protocol';
import type { Availability } from './availability.ts';
import type { Hub } from '../ports/hub.ts';
import type { Store } from '../ports/store.ts';

export type AgentPresenceService = ReturnType<typeof createAgentPresence>;

export function createAgentPresence(store: Store, hub: Hub, availability: Availability) {
  const awayTimers = new Map<string, NodeJS.Timeout>();

  const list = async (): Promise<AgentPresence[]> =>
    (await store.listAgents()).map((a) => ({ id: a.id, name: a.name, status: a.status, online: hub.agentConnections(a.id) > 0 }));

  const publish = async () => {
    hub.toAgents({ t: 'agents', items: await list() });
  };

  const changed = async (agent: Agent) => {
    hub.toAgent(agent.id, { t: 'me', agent });
    await publish();
    await availability.refresh();
  };

  const cancelAway = (agentId: string) => {
    clearTimeout(awayTimers.get(agentId));
    awayTimers.delete(agentId);
  };

  /** Starts the countdown to away for an available agent with no console open. */
  const scheduleAway = (agent: Agent) => {
    cancelAway(agent.id);
    if (agent.status !== 'available' || agent.awayAfter === 0 || hub.agentConnections(agent.id) > 0) return;
    const timer = setTimeout(async () => {
      awayTimers.delete(agent.id);
      if (hub.agentConnections(agent.id) > 0) return;
      await changed(await store.updateAgent(agent.id, { status: 'away' })).catch((error) => console.error(error));
    }, agent.awayAfter * 1000);
    timer.unref();
    awayTimers.set(agent.id, timer);
  };

  return {
    list,
    /** At start no console is open: every available agent's countdown begins. */
    async start() {
      for (const agent of await store.listAgents()) scheduleAway(agent);
    },
    async update(agentId: string, patch: Partial<Pick<Agent, 'status' | 'awayAfter'>>) {
      const agent = await store.updateAgent(agentId, patch);
      await changed(agent);
      return agent;
    },
    async connected(agentId: string) {
      cancelAway(agentId);
      await publish();
    },
    async disconnected(agent: Agent) {
      if (hub.agentConnections(agent.id) > 0) return;
      const fresh = await store.agentById(agent.id);
      if (fresh) scheduleAway(fresh);
      await publish();
    },
    stop() {
      for (const timer of awayTimers.values()) clearTimeout(timer);
      awayTimers.clear();
    },
  };
}
