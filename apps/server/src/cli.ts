/** `pnpm parley <command>`: the operator's commands, on the same data dir as the server. */
import { parseArgs } from 'node:util';
import { AGENT_ROLES, agentEmail, type AgentRole, embedSnippet, notSiteAddress, parse, readSiteChanges, SITE_SETTINGS, siteOrigin, TEAM_MODES, type TeamMode, teamName } from '@parley/protocol';
import { type Config, readConfig } from './config.ts';
import { AppError } from './core/errors.ts';
import { ConflictError, NotFoundError } from './ports/errors.ts';
import { type Core, createCore } from './core/index.ts';
import type { Agent, Team } from './ports/store.ts';
import { coreOptions, migrateToPostgres, openPorts } from './server.ts';

function shownDefault(value: boolean | number | string): string {
  return typeof value === 'boolean' ? (value ? 'on' : 'off') : value === '' ? 'empty' : String(value);
}

const USAGE = `Usage: pnpm parley <command>
  agent add --email E --password P --name N [--role admin|team-admin|agent] [--team NAME...]
  agent list                      one line an agent: email, name, role, teams, enabled or disabled
  agent disable EMAIL             the agent can no longer sign in; their sessions and consoles end within 5 s
  agent enable EMAIL
  agent set EMAIL [--password P] [--role R] [--team NAME...]   a password ends every session; a role or teams reopen the consoles
  team add NAME [--mode collaboration|grab]
  team list                       one line a team: name, mode, members
  team set NAME --mode collaboration|grab
  site add --name N --origin URL [--origin URL...]
  site list
  site set KEY NAME=VALUE...      NAME is name, origins (URL[,URL]) or a setting (durations in seconds):
${Object.entries(SITE_SETTINGS)
  .map(([name, setting]) => `    ${name.padEnd(16)}${setting.doc} (default ${shownDefault(setting.default)})`)
  .join('\n')}
  backup FILE
  migrate-to-postgres URL         copies every table of this data dir's SQLite database into an empty PostgreSQL database`;

class UsageError extends Error {}

function origin(url: string): string {
  const found = siteOrigin(url);
  if (!found) throw new UsageError(notSiteAddress(url));
  return found;
}

function role(value: string | undefined): AgentRole | undefined {
  if (value !== undefined && !(AGENT_ROLES as readonly string[]).includes(value)) throw new UsageError(`--role is one of ${AGENT_ROLES.join(', ')}.`);
  return value as AgentRole | undefined;
}

function mode(value: string | undefined): TeamMode {
  if (!(TEAM_MODES as readonly string[]).includes(value ?? '')) throw new UsageError(`--mode is one of ${TEAM_MODES.join(', ')}.`);
  return value as TeamMode;
}

function teamNames(values: string[] | undefined): string[] | undefined {
  if (values === undefined) return undefined;
  const names = values.flatMap((value) => value.split(',')).map((name) => name.trim()).filter(Boolean);
  for (const name of names) if (!parse(teamName, name).ok) throw new UsageError(`"${name}" is not a team name (1 to 60 characters).`);
  return [...new Set(names)];
}

function password(value: string | undefined): string | undefined {
  if (value !== undefined && value.length < 8) throw new UsageError('A password has at least 8 characters.');
  return value;
}

function agentLine(agent: Agent): string {
  return [agent.email, agent.name, agent.role, agent.teams.join(',') || '-', agent.disabledAt === null ? 'enabled' : 'disabled'].join('\t');
}

function teamLine(team: Team, agents: readonly Agent[]): string {
  const members = agents.filter((agent) => agent.teams.includes(team.name)).map((agent) => agent.email);
  return [team.name, team.mode, members.join(',') || '-'].join('\t');
}

async function agentByEmail(core: Core, email: string | undefined): Promise<Agent> {
  if (!email) throw new UsageError('Name the agent by email, e.g. pnpm parley agent disable ann@shop.example.');
  const agent = await core.agents.byEmail(email);
  if (!agent) throw new NotFoundError(`No agent has the email ${email}. See pnpm parley agent list.`);
  return agent;
}

async function run(core: Core, args: string[], publicUrl: string): Promise<string> {
  const [noun, verb, ...rest] = args;
  const command = verb && noun !== 'backup' ? `${noun} ${verb}` : noun;
  switch (command) {
    case 'agent add': {
      const { values } = parseArgs({ args: rest, options: { email: { type: 'string' }, password: { type: 'string' }, name: { type: 'string' }, role: { type: 'string', default: 'agent' }, team: { type: 'string', multiple: true } } });
      if (!values.email || !values.password || !values.name) throw new UsageError('agent add needs --email, --password and --name.');
      if (!parse(agentEmail, values.email).ok) throw new UsageError(`"${values.email}" is not an email address.`);
      const agent = await core.agents.add({ email: values.email, name: values.name, role: role(values.role)!, teams: teamNames(values.team) ?? [], password: password(values.password)! });
      return agent.id;
    }
    case 'agent list':
      return (await core.agents.list()).map(agentLine).join('\n');
    case 'agent disable':
    case 'agent enable': {
      const agent = await agentByEmail(core, rest[0]);
      return agentLine(await core.agents.change(agent.id, { disabled: verb === 'disable' }));
    }
    case 'agent set': {
      const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { password: { type: 'string' }, role: { type: 'string' }, team: { type: 'string', multiple: true } } });
      const agent = await agentByEmail(core, positionals[0]);
      if (values.password === undefined && values.role === undefined && values.team === undefined) throw new UsageError('agent set needs --password, --role or --team.');
      return agentLine(await core.agents.change(agent.id, { password: password(values.password), role: role(values.role), teams: teamNames(values.team) }));
    }
    case 'team add': {
      const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { mode: { type: 'string', default: 'collaboration' } } });
      const [name] = teamNames(positionals.slice(0, 1)) ?? [];
      if (!name || positionals.length > 1) throw new UsageError('team add needs one NAME, e.g. pnpm parley team add support --mode grab.');
      return teamLine(await core.teams.add({ name, mode: mode(values.mode) }), await core.agents.list());
    }
    case 'team list': {
      const agents = await core.agents.list();
      return (await core.teams.list()).map((team) => teamLine(team, agents)).join('\n');
    }
    case 'team set': {
      const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { mode: { type: 'string' } } });
      if (!positionals[0] || values.mode === undefined) throw new UsageError('team set needs NAME and --mode.');
      return teamLine(await core.teams.setMode(positionals[0], mode(values.mode)), await core.agents.list());
    }
    case 'site add': {
      const { values } = parseArgs({ args: rest, options: { name: { type: 'string' }, origin: { type: 'string', multiple: true } } });
      if (!values.name || !values.origin?.length) throw new UsageError('site add needs --name and at least one --origin.');
      const site = await core.sites.create({ name: values.name, origins: values.origin.map(origin) });
      return [`key: ${site.key}`, `secret (for identify's hmac): ${site.secret}`, `embed: ${embedSnippet(publicUrl, site.key)}`].join('\n');
    }
    case 'site list':
      return (await core.sites.list()).map((s) => `${s.key}\t${s.name}\t${s.origins.join(' ')}`).join('\n');
    case 'site set': {
      const [key, ...assignments] = rest;
      if (!key || assignments.length === 0) throw new UsageError('site set needs a site key and at least one NAME=VALUE.');
      const read = readSiteChanges(assignments.map((a) => (a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, ''])));
      if (!read.ok) throw new UsageError(Object.values(read.problems).join('\n'));
      const updated = await core.sites.update(key, read.change);
      return `${updated.key}\t${updated.name}\t${updated.origins.join(' ')}\t${JSON.stringify(updated.settings)}`;
    }
    case 'backup': {
      const file = verb;
      if (!file) throw new UsageError('backup needs a file to write.');
      await core.backup(file);
      return `Backed up to ${file}`;
    }
    default:
      throw new UsageError(USAGE);
  }
}

/** The URL without its password, for printing. */
function shown(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.href;
}

async function migrate(config: Config, url: string | undefined): Promise<string> {
  if (!url || !/^postgres(ql)?:\/\/[^/]/.test(url)) throw new UsageError('migrate-to-postgres needs the database, e.g. pnpm parley migrate-to-postgres postgres://parley:secret@db.example.com:5432/parley.');
  const counts = await migrateToPostgres(config, url);
  const total = counts.reduce((sum, { rows }) => sum + rows, 0);
  return [`Copied ${total} rows from ${config.databaseFile} to ${shown(url)}:`, ...counts.map(({ table, rows }) => `  ${table.padEnd(22)}${rows}`)].join('\n');
}

const config = readConfig();
const args = process.argv.slice(2);
try {
  // No core for the copy: opening one writes to the store (its secret), and the target must stay empty until then.
  if (args[0] === 'migrate-to-postgres') console.log(await migrate(config, args[1]));
  else {
    const core = await createCore(await openPorts(config), coreOptions(config));
    try {
      console.log(await run(core, args, config.publicUrl));
    } finally {
      await core.close();
    }
  }
} catch (error) {
  const known = error instanceof UsageError || error instanceof AppError || error instanceof ConflictError || error instanceof NotFoundError || (error instanceof TypeError && 'code' in error);
  console.error(known ? (error as Error).message : error);
  process.exitCode = known && error instanceof UsageError ? 2 : 1;
}
