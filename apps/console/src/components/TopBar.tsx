/**
 * Brand, the views, connection state, notifications, the shortcuts' help, this agent's availability,
 * the team's, the chat switch (admins), and "Sign out"; on narrow screens the views onwards fold into a menu so the bar keeps one row.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Agent } from '@parley/protocol';
import { duration } from '../lib/time.ts';
import { NotificationCentre } from './NotificationCentre.tsx';
import { availableAgents, setAwayAfter, setMyStatus, team } from '../state/agents.ts';
import { CUSTOMERS_PATH, goToCustomers, goToHistory, goToInbox, goToMail, goToSettings, goToVisitors, HISTORY_PATH, route, SETTINGS_PATH } from '../state/router.ts';
import { signOut } from '../state/session.ts';
import { openHelp } from '../state/shortcuts.ts';
import { chatOn, chatSwitch, loadSites, setChatEverywhere, sitesState } from '../state/site-settings.ts';
import { connection } from '../state/socket.ts';
import { synced } from '../state/sync.ts';
import { onlineVisitors } from '../state/visitors.ts';

/** Seconds. */
const AWAY_AFTER = [
  { value: 0, label: 'Never' },
  { value: 300, label: '5 min' },
  { value: 900, label: '15 min' },
  { value: 3600, label: '1 hour' },
  { value: 14_400, label: '4 hours' },
];

export function TopBar({ agent }: { agent: Agent }) {
  const status = synced.value ? '' : connection.value === 'waiting' ? 'Reconnecting…' : 'Connecting…';
  // Narrow screens show the menu's contents behind the "Menu" button; wider ones lay them out in the bar.
  const [menuOpen, setMenuOpen] = useState(false);
  const toggle = useRef<HTMLButtonElement>(null);
  return (
    <header
      class="topbar"
      onKeyDown={(event) => {
        if (event.key !== 'Escape' || !menuOpen) return;
        event.preventDefault();
        setMenuOpen(false);
        toggle.current?.focus();
      }}
    >
      <span class="brand">Parley</span>
      <span class="connection" role="status">
        {status}
      </span>
      <NotificationCentre agent={agent} />
      <button type="button" class="icon" aria-label="Keyboard shortcuts" title="Keyboard shortcuts (?)" onClick={openHelp}>
        ?
      </button>
      <button
        type="button"
        class="icon menu-toggle"
        aria-label="Menu"
        aria-expanded={menuOpen}
        aria-controls="topbar-menu"
        ref={toggle}
        onClick={() => setMenuOpen(!menuOpen)}
      >
        <svg viewBox="0 0 20 20" width="18" height="18" aria-hidden="true">
          <path d="M3 5h14M3 10h14M3 15h14" stroke="currentColor" stroke-width="2" stroke-linecap="round" />
        </svg>
      </button>
      <div
        id="topbar-menu"
        class={`topbar-menu${menuOpen ? ' open' : ''}`}
        onClick={(event) => {
          if ((event.target as Element).closest('nav a, nav button')) setMenuOpen(false);
        }}
      >
        <Views agent={agent} />
        <Availability agent={agent} />
        {agent.role === 'admin' && <ChatSwitch />}
        <Team />
        <span class="agent-name" title={agent.email}>
          {agent.name}
        </span>
        <button type="button" class="ghost" onClick={() => void signOut()}>
          Sign out
        </button>
      </div>
    </header>
  );
}

function Views({ agent }: { agent: Agent }) {
  const current = route.value.name;
  const count = onlineVisitors.value.length;
  return (
    <nav class="views" aria-label="Views">
      <button type="button" aria-current={current === 'inbox' ? 'page' : undefined} onClick={() => goToInbox()}>
        Inbox
      </button>
      <button type="button" aria-current={current === 'visitors' ? 'page' : undefined} onClick={goToVisitors}>
        Visitors online
        {/* Kept out of the button's name: the count is in the view's heading. */}
        {count > 0 && <span class="count" aria-hidden="true">{count}</span>}
      </button>
      <a
        class="button"
        href={CUSTOMERS_PATH}
        aria-current={current === 'customers' ? 'page' : undefined}
        onClick={(event) => {
          event.preventDefault();
          goToCustomers();
        }}
      >
        Customers
      </a>
      <a
        class="button"
        href={HISTORY_PATH}
        aria-current={current === 'history' ? 'page' : undefined}
        onClick={(event) => {
          event.preventDefault();
          goToHistory();
        }}
      >
        History
      </a>
      {agent.role === 'admin' && (
        <button type="button" aria-current={current === 'mail' ? 'page' : undefined} onClick={goToMail}>
          Sent mail
        </button>
      )}
      {/* Every agent's: their own templates are there. */}
      <a
        class="button"
        href={SETTINGS_PATH}
        aria-current={current === 'settings' ? 'page' : undefined}
        onClick={(event) => {
          event.preventDefault();
          goToSettings();
        }}
      >
        Settings
      </a>
    </nav>
  );
}

function Availability({ agent }: { agent: Agent }) {
  const away = agent.status === 'away';
  const options = AWAY_AFTER.some((o) => o.value === agent.awayAfter)
    ? AWAY_AFTER
    : [...AWAY_AFTER, { value: agent.awayAfter, label: duration(agent.awayAfter * 1000) }];
  return (
    <div class="availability" role="group" aria-label="Your availability">
      <span class={`my-status ${away ? 'away' : 'available'}`}>
        <span class="presence-dot" aria-hidden="true" />
        {away ? 'Away' : 'Available'}
      </span>
      <button type="button" onClick={() => setMyStatus(away ? 'available' : 'away')}>
        {away ? 'Set available' : 'Set away'}
      </button>
      <label class="away-after">
        <span>Turn away after</span>
        <select value={String(agent.awayAfter)} onChange={(event) => setAwayAfter(Number(event.currentTarget.value))}>
          {options.map((o) => (
            <option key={o.value} value={String(o.value)}>
              {o.label}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}

function Team() {
  if (team.value.length === 0) return null;
  const available = availableAgents.value;
  const names = available.map((a) => a.name).join(', ');
  return (
    <span class="team" title={names ? `Available: ${names}` : 'No agent is available'}>
      {available.length} available
    </span>
  );
}

/** Every site's chat at once: off shows every widget the offline form. */
function ChatSwitch() {
  useEffect(() => {
    if (sitesState.value.items === null) void loadSites();
  }, []);
  const on = chatOn.value;
  if (on === null) return null;
  const sites = sitesState.value.items ?? [];
  const onCount = sites.filter((site) => site.settings.chat).length;
  const { busy, error } = chatSwitch.value;
  return (
    <div class="chat-switch">
      <label title={sites.length > 1 ? 'Turns chat on or off on every site; each site has its own in Settings' : undefined}>
        {/* The word "on" is the switch's own state: "Chat" beside it keeps the bar on one row at laptop widths. */}
        <input
          type="checkbox"
          role="switch"
          aria-label="Chat on"
          checked={on}
          aria-busy={busy}
          disabled={busy}
          onChange={(event) => void setChatEverywhere(event.currentTarget.checked)}
        />
        <span aria-hidden="true">Chat</span>
      </label>
      {sites.length > 1 && onCount > 0 && onCount < sites.length && (
        <span class="muted">
          {onCount} of {sites.length} sites
        </span>
      )}
      {error && (
        <span role="alert" class="form-error">
          {error}
        </span>
      )}
    </div>
  );
}
