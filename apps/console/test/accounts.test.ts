import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { AgentAccount, AgentPatch, Team } from '@parley/protocol';

type Answer = { ok: true; value: unknown } | { ok: false; status: number; code: string; message: string };
/** Every request the state sent, answered only when the test says so. */
const calls: Array<{ what: string; body: unknown; answer: (a: Answer) => void }> = [];
const call = (what: string, body?: unknown) => new Promise<Answer>((answer) => calls.push({ what, body, answer }));
vi.mock('../src/api.ts', () => ({
  getAgents: () => call('get'),
  addAgent: (fields: unknown) => call('add', fields),
  changeAgent: (id: string, change: AgentPatch) => call(`patch ${id}`, change),
  addTeam: (team: unknown) => call('add team', team),
  setTeamMode: (name: string, mode: string) => call(`mode ${name}`, mode),
}));

const state = await import('../src/state/accounts.ts');
const teamAdmin = await import('../src/state/team-admin.ts');
const { teams, replaceTeams } = await import('../src/state/agents.ts');

function account(id: string, fields: Partial<AgentAccount> = {}): AgentAccount {
  return { id, email: `${id}@shop.example`, name: id, role: 'agent', teams: [], status: 'available', awayAfter: 0, sound: true, desktop: false, disabled: false, lastSeenAt: null, ...fields } as AgentAccount;
}
const row = (id: string) => state.accounts.value.items!.find((a) => a.id === id)!;
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

beforeEach(async () => {
  calls.length = 0;
  state.resetAccounts();
  teamAdmin.resetTeamChanges();
  replaceTeams([]);
  const loading = state.loadAccounts();
  calls.shift()!.answer({ ok: true, value: { agents: [account('ann', { teams: ['north'] }), account('ben')] } });
  await loading;
});

describe('changing an agent', () => {
  it('shows the change at once, then what the server stored, and says Saved', async () => {
    const saving = state.changeAccount('ann', { role: 'team-admin' });
    expect(row('ann').role).toBe('team-admin');
    expect(state.accounts.value.saving).toEqual(['ann']);
    await settle();
    expect(calls.map((c) => [c.what, c.body])).toEqual([['patch ann', { role: 'team-admin' }]]);
    calls.shift()!.answer({ ok: true, value: { agent: account('ann', { role: 'team-admin', teams: ['north'] }) } });
    await saving;
    expect(row('ann')).toMatchObject({ role: 'team-admin', teams: ['north'] });
    expect(state.accounts.value).toMatchObject({ saving: [], saved: 'ann', refused: null });
  });

  it('sends a second change only once the first is answered, built on the first, so the server applies them in order', async () => {
    const order = ['north', 'south', 'west'];
    const first = state.changeAccount('ann', { teams: state.withTeam(row('ann').teams, 'west', true, order) });
    const second = state.changeAccount('ann', { teams: state.withTeam(row('ann').teams, 'south', true, order) });
    expect(row('ann').teams).toEqual(['north', 'south', 'west']);
    await settle();
    expect(calls.map((c) => c.body)).toEqual([{ teams: ['north', 'west'] }]);
    calls.shift()!.answer({ ok: true, value: { agent: account('ann', { teams: ['north', 'west'] }) } });
    await first;
    // The second change is still on its way: the row keeps showing it, not the first answer.
    expect(row('ann').teams).toEqual(['north', 'south', 'west']);
    expect(state.accounts.value.saved).toBeNull();
    await settle();
    expect(calls.map((c) => c.body)).toEqual([{ teams: ['north', 'south', 'west'] }]);
    calls.shift()!.answer({ ok: true, value: { agent: account('ann', { teams: ['north', 'south', 'west'] }) } });
    await second;
    expect(state.accounts.value).toMatchObject({ saving: [], saved: 'ann' });
  });

  it('refused (the last admin, 409), says why in that row and reads the list again to show what is stored', async () => {
    const saving = state.changeAccount('ben', { disabled: true });
    expect(row('ben').disabled).toBe(true);
    await settle();
    calls.shift()!.answer({ ok: false, status: 409, code: 'conflict', message: 'Parley needs at least one enabled admin: enable or promote another first.' });
    await settle();
    expect(state.accounts.value.refused).toEqual({ agentId: 'ben', message: expect.stringMatching(/at least one enabled admin/) });
    expect(calls.map((c) => c.what)).toEqual(['get']);
    calls.shift()!.answer({ ok: true, value: { agents: [account('ann', { teams: ['north'] }), account('ben')] } });
    await saving;
    expect(row('ben').disabled).toBe(false);
    expect(state.accounts.value).toMatchObject({ saving: [], saved: null, refused: { agentId: 'ben' } });
    // The next change clears the message.
    void state.changeAccount('ben', { role: 'admin' });
    expect(state.accounts.value.refused).toBeNull();
  });
});

describe('team choices', () => {
  it('adds and takes out a team, keeping the team list’s order and any team it does not know', () => {
    expect(state.withTeam(['west'], 'north', true, ['north', 'west'])).toEqual(['north', 'west']);
    expect(state.withTeam(['north', 'west'], 'north', false, ['north', 'west'])).toEqual(['west']);
    expect(state.withTeam(['gone', 'west'], 'north', true, ['north', 'west'])).toEqual(['north', 'west', 'gone']);
    expect(state.withTeam(['north'], 'north', true, ['north'])).toEqual(['north']);
  });

  it('counts each team’s members, disabled ones too (as the CLI does)', () => {
    const counts = state.memberCounts([account('a', { teams: ['north', 'south'] }), account('b', { teams: ['north'], disabled: true }), account('c')]);
    expect([...counts]).toEqual([['north', 2], ['south', 1]]);
  });
});

describe('teams', () => {
  const team = (name: string, mode: Team['mode']): Team => ({ name, mode });

  it('shows an added team at once, in the server’s order; a refused one says why and adds nothing', async () => {
    replaceTeams([team('north', 'collaboration'), team('south', 'grab')]);
    const adding = teamAdmin.createTeam({ name: 'Desk', mode: 'grab' });
    calls.shift()!.answer({ ok: true, value: { team: team('Desk', 'grab') } });
    expect(await adding).toBeNull();
    expect(teams.value.map((t) => t.name)).toEqual(['Desk', 'north', 'south']);
    const taken = teamAdmin.createTeam({ name: 'Desk' });
    calls.shift()!.answer({ ok: false, status: 409, code: 'conflict', message: 'A team named Desk exists already.' });
    expect(await taken).toBe('A team named Desk exists already.');
    expect(teams.value).toHaveLength(3);
  });

  it('sets a mode as the server answers it, and keeps the stored one when refused', async () => {
    replaceTeams([team('north', 'collaboration')]);
    const setting = teamAdmin.changeTeamMode('north', 'grab');
    expect(teamAdmin.teamChanges.value.busy).toBe('north');
    calls.shift()!.answer({ ok: true, value: { team: team('north', 'grab') } });
    await setting;
    expect(teams.value).toEqual([team('north', 'grab')]);
    const refused = teamAdmin.changeTeamMode('north', 'collaboration');
    calls.shift()!.answer({ ok: false, status: 0, code: 'network', message: 'Cannot reach the server.' });
    await refused;
    expect(teams.value).toEqual([team('north', 'grab')]);
    expect(teamAdmin.teamChanges.value).toEqual({ busy: null, refused: { team: 'north', message: 'Cannot reach the server.' } });
  });
});
